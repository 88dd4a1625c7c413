/**
 * The ICE gathering options of every werift peer the emulator makes (media legs and SFU peers).
 * With explicit host addresses, skip interface discovery and gather exactly those addresses;
 * a sole 127.0.0.1 also binds the socket to loopback so nothing listens outside.
 */
export function iceHostOptions(hosts: string[] | undefined): {
  iceUseIpv4?: boolean; iceUseIpv6: boolean; iceAdditionalHostAddresses?: string[]; iceInterfaceAddresses?: { udp4: string };
} {
  if (!hosts) return { iceUseIpv6: false };
  const loopbackOnly = hosts.length === 1 && hosts[0] === '127.0.0.1';
  return {
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: hosts,
    ...(loopbackOnly ? { iceInterfaceAddresses: { udp4: '127.0.0.1' } } : {}),
  };
}
