/**
 * The device cache: the last enumerated devices, change detection between two
 * enumerations and the lookup helpers behind `sdk.media.find*`.
 */
import type { ISdkMediaDeviceChange } from '../types/media';

/** Two devices are the same entry when deviceId, groupId, kind and label all match. */
export function isSameDevice(a: MediaDeviceInfo, b: MediaDeviceInfo): boolean {
  return a.deviceId === b.deviceId && a.groupId === b.groupId && a.kind === b.kind && a.label === b.label;
}

function sameEntry(a: MediaDeviceInfo, b: MediaDeviceInfo): boolean {
  return a.deviceId === b.deviceId && a.kind === b.kind;
}

export function areDeviceListsEqual(a: readonly MediaDeviceInfo[], b: readonly MediaDeviceInfo[]): boolean {
  return a.length === b.length && a.every((device, i) => isSameDevice(device, b[i]));
}

/**
 * Browsers sometimes hand back label-less entries for devices we already know with
 * a label (e.g. after a permission is revoked mid-page). Keep the labelled entry.
 */
export function mergeLabels(previous: readonly MediaDeviceInfo[], next: readonly MediaDeviceInfo[]): MediaDeviceInfo[] {
  return next.map((device) => {
    if (device.label || !device.deviceId) return device;
    const known = previous.find((old) => sameEntry(old, device) && old.label);
    return known ?? device;
  });
}

/** Added/removed/changed entries between two lists (removal ignores id-less placeholder entries). */
export function diffDevices(
  previous: readonly MediaDeviceInfo[],
  next: readonly MediaDeviceInfo[],
): Pick<ISdkMediaDeviceChange, 'added' | 'removed' | 'changed'> {
  const added = next.filter((d) => d.deviceId && !previous.some((old) => sameEntry(old, d)));
  const removed = previous.filter((d) => d.deviceId && !next.some((now) => sameEntry(now, d)));
  const changed = next.filter((d) => previous.some((old) => sameEntry(old, d) && !isSameDevice(old, d)));
  return { added, removed, changed };
}

export class DeviceCache {
  private list: MediaDeviceInfo[] = [];

  get devices(): MediaDeviceInfo[] {
    return [...this.list];
  }

  set(devices: readonly MediaDeviceInfo[]): void {
    this.list = [...devices];
  }

  ofKind(kind: MediaDeviceKind): MediaDeviceInfo[] {
    return this.list.filter((d) => d.kind === kind);
  }

  findByIdAndKind(deviceId: string | undefined, kind: MediaDeviceKind): MediaDeviceInfo | undefined {
    if (typeof deviceId !== 'string') return undefined;
    return this.list.find((d) => d.deviceId === deviceId && d.kind === kind);
  }

  /** A track's source device: by `getSettings().deviceId` first, then by label (the documented match). */
  findByTrack(track: MediaStreamTrack | undefined): MediaDeviceInfo | undefined {
    if (!track) return undefined;
    const kind: MediaDeviceKind | undefined = track.kind === 'audio' ? 'audioinput' : track.kind === 'video' ? 'videoinput' : undefined;
    if (!kind) return undefined;
    return this.findByTrackLabelAndKind(track) ?? this.findByIdAndKind(readSettingsDeviceId(track), kind);
  }

  findByTrackLabelAndKind(track: MediaStreamTrack | undefined): MediaDeviceInfo | undefined {
    if (!track) return undefined;
    const kind = track.kind === 'audio' ? 'audioinput' : track.kind === 'video' ? 'videoinput' : undefined;
    return this.list.find((d) => d.kind === kind && d.label === track.label && d.label !== '');
  }

  findByTrackLabel(track: MediaStreamTrack | undefined): MediaDeviceInfo | undefined {
    if (!track) return undefined;
    return this.list.find((d) => d.label === track.label && d.label !== '');
  }

  has(device: MediaDeviceInfo | undefined): boolean {
    if (!device) return false;
    return this.list.some((d) => isSameDevice(d, device));
  }
}

function readSettingsDeviceId(track: MediaStreamTrack): string | undefined {
  try {
    return track.getSettings?.().deviceId;
  } catch {
    return undefined;
  }
}
