// <gc-webrtc-sdk> attribute names are exactly the kebab-case of the engine option names
// (`organization-id` for `organizationId`), with `org-id` kept as the documented alias.
import { expect, fixture, html } from '@open-wc/testing';
import '../../elements/index';
import { GcWebrtcSdk } from '../../elements/index';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const ALIASES: Record<string, string> = { orgId: 'org-id' };

describe('<gc-webrtc-sdk> attribute names', () => {
  it('every attribute is the kebab-case of its property (the option name), org-id the one alias', () => {
    const attributes: Array<[string, string]> = [];
    for (const [prop, options] of GcWebrtcSdk.elementProperties) {
      if (options.attribute === false || typeof prop !== 'string') continue;
      const attribute = typeof options.attribute === 'string' ? options.attribute : prop.toLowerCase();
      attributes.push([prop, attribute]);
    }
    expect(attributes.length).to.be.greaterThan(10);
    for (const [prop, attribute] of attributes) expect(attribute, prop).to.equal(ALIASES[prop] ?? kebab(prop));
    expect(attributes.map(([, a]) => a)).to.include.members(['organization-id', 'org-id', 'ws-host', 'allowed-session-types']);
  });

  it('organization-id configures organizationId (a guest engine)', async () => {
    const el = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment="http://127.0.0.1:9" organization-id="org-a" auto-initialize="false" use-headsets="false"></gc-webrtc-sdk>`);
    expect(el.organizationId).to.equal('org-a');
    expect(el.sdk?._config.organizationId).to.equal('org-a');
    expect(el.sdk?.isGuest).to.equal(true);
  });

  it('org-id is an alias; organization-id wins when both are set', async () => {
    const alias = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment="http://127.0.0.1:9" org-id="org-b" auto-initialize="false" use-headsets="false"></gc-webrtc-sdk>`);
    expect(alias.sdk?._config.organizationId).to.equal('org-b');
    const both = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment="http://127.0.0.1:9" org-id="org-b" organization-id="org-c" auto-initialize="false" use-headsets="false"></gc-webrtc-sdk>`);
    expect(both.sdk?._config.organizationId).to.equal('org-c');
  });
});
