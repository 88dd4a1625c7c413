// <gc-video-conference>: by clicking, as a user would. First against a stand-in engine (states,
// strings, errors, tiles, pin, controls), then end to end against the emulator's video rooms.
// Screenshots of each state go to test-results/screenshots/video-*.png.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../elements/index';
import { GcDeviceSelect, GcVideoConference, GcWebrtcSdk, setStrings } from '../../elements/index';
import { control, emulatorInfo, newAgent, quietLogger, type AgentInfo } from '../support/emulator-client';
import { bundlePage } from '../support/bundle-page';
import { addBot, newRoom } from '../support/video-media';
import { until } from '../support/until';
import { $, button, click, press, screenshot } from '../support/user';
import { expectMovingVideo } from '../support/video-frames';
import { fakeVideoEngine, movingTrack, type FakeVideoSession } from './fake-engine';

type Sdk = GcVideoConference['sdk'];
const ROOM = 'design-review@conference.example.com';

async function joined(el: GcVideoConference): Promise<void> {
  await until(() => el.state === 'joined', 'state joined');
  await el.updateComplete;
}

describe('<gc-video-conference> (stand-in engine)', () => {
  const stops: Array<() => void> = [];
  afterEach(() => { for (const stop of stops.splice(0)) stop(); });

  function remote(name: string, color: string, width?: number, height?: number) {
    const m = movingTrack(name, color, width, height);
    stops.push(m.stop);
    return m.track;
  }

  it('without an engine says so, is accessible and cannot join', async () => {
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM}></gc-video-conference>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('No SDK');
    expect($<HTMLButtonElement>(el, '[part~="join-button"]').disabled).to.equal(true);
  });

  it('both room-jid and meeting-id: a clear message and gc-sdk-error; fixing the attribute makes it usable', async () => {
    const { sdk, calls } = fakeVideoEngine();
    const errors: string[] = [];
    const onError = (e: Event) => errors.push((e as CustomEvent<{ type: string; message: string }>).detail.type);
    document.addEventListener('gc-sdk-error', onError);
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} meeting-id="m-1" .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    document.removeEventListener('gc-sdk-error', onError);
    expect(errors).to.deep.equal(['invalid_options']);
    expect($(el, '[role="alert"]').textContent).to.contain('either room-jid or meeting-id');
    expect(button(el, 'Join').disabled).to.equal(true);
    await expect(el).to.be.accessible();
    await screenshot('video-bad-attributes');
    el.removeAttribute('meeting-id');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    await click(button(el, 'Join'));
    await joined(el);
    expect(calls.map((c) => c.method)).to.include('startVideoConference');
  });

  it('a room-jid that is not a room address, and an unknown layout, are explained', async () => {
    const { sdk } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid="Not A Room" .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    expect($(el, '[role="alert"]').textContent).to.contain('not a room address');
    const err = oneEvent(el, 'gc-sdk-error');
    el.roomJid = ROOM;
    el.setAttribute('layout', 'mosaic');
    expect((await err).detail.message).to.contain('Unknown layout');
    el.layout = 'speaker';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('joins by clicking Join, shows a tile per remote participant with moving video, names and indicators, and the mirrored self view', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const states: string[] = [];
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}
      @gc-video-state-change=${(e: CustomEvent<{ state: string }>) => states.push(e.detail.state)}></gc-video-conference>`);
    const join = button(el, 'Join');
    expect(el.shadowRoot!.textContent).to.contain('design-review');
    await expect(el).to.be.accessible();
    await screenshot('video-idle');
    await click(join);
    await joined(el);
    expect(states).to.deep.equal(['joining', 'joined']);
    // the Join button is gone: focus moved to the room's first control, not to <body>
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Microphone'));
    const accept = calls.find((c) => c.method === 'acceptSession')!.args[0] as { mediaStream: MediaStream; audioElement: HTMLAudioElement; videoElement: HTMLVideoElement };
    expect(accept.mediaStream.getAudioTracks()).to.have.length(1);
    expect(accept.mediaStream.getVideoTracks()).to.have.length(1);
    expect(accept.audioElement).to.be.instanceOf(HTMLAudioElement);
    expect(accept.videoElement).to.be.instanceOf(HTMLVideoElement);
    // self view: our camera, mirrored, muted
    const self = $<HTMLVideoElement>(el, 'video[part="self-view"]');
    expect(self.muted).to.equal(true);
    expect(self.hasAttribute('data-mirrored')).to.equal(true);
    await expectMovingVideo(self, 'self view');

    const session = sessions[0] as FakeVideoSession;
    session.setRoom([
      { participantId: 'p-ann', name: 'Ann Example', video: remote('Ann', '#3a7bd5') },
      { participantId: 'p-bob', name: 'Bob Example', video: remote('Bob', '#d5a03a'), audioMuted: true },
      { participantId: 'p-cy', name: 'Cy Example', videoMuted: true },
    ]);
    await el.updateComplete;
    const tiles = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="tile"]')];
    expect(tiles.map((t) => t.querySelector('[part="tile-name"]')!.textContent)).to.deep.equal(['Ann Example', 'Bob Example', 'Cy Example']);
    expect(tiles[1].getAttribute('aria-label')).to.contain('microphone muted');
    expect(tiles[1].querySelector('[data-kind="mic"]')).to.not.equal(null);
    expect(tiles[2].getAttribute('aria-label')).to.contain('camera off');
    expect(tiles[2].querySelector('[data-kind="camera"]')).to.not.equal(null);
    await expectMovingVideo(tiles[0].querySelector('video')!, 'Ann’s tile');
    // the active speaker is highlighted
    session.emit('speakersUpdate', { speakers: [{ userId: 'u-p-bob' }] });
    await el.updateComplete;
    expect(tiles[1].hasAttribute('data-speaking')).to.equal(true);
    expect(tiles[1].getAttribute('aria-label')).to.contain('speaking');
    // themable: the speaker's border is --gc-speaker-color
    el.style.setProperty('--gc-speaker-color', 'rgb(200, 0, 120)');
    expect(getComputedStyle(tiles[1]).borderTopColor).to.equal('rgb(200, 0, 120)');
    expect(getComputedStyle(tiles[0]).borderTopColor).to.not.equal('rgb(200, 0, 120)');
    session.emit('memberStatusUpdate', { method: 'member.notify.status', params: { speakers: [{ activity: 'speaking', appId: { sourceParticipantId: 'p-ann' } }] } });
    await el.updateComplete;
    expect(tiles[0].hasAttribute('data-speaking')).to.equal(true);
    await expect(el).to.be.accessible();
    await screenshot('video-joined-gallery');
  });

  it('a click on a tile pins it (pinParticipantVideo), Enter on it again unpins', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    sessions[0].setRoom([
      { participantId: 'p-ann', name: 'Ann', video: remote('Ann', '#3a7bd5') },
      { participantId: 'p-bob', name: 'Bob', video: remote('Bob', '#d5a03a') },
    ]);
    await el.updateComplete;
    const bob = () => el.shadowRoot!.querySelector<HTMLElement>('[part="tile"][data-participant-id="p-bob"]')!;
    await click(bob());
    await until(() => bob().getAttribute('aria-pressed') === 'true', 'Bob pinned');
    expect(calls.filter((c) => c.method === 'pinParticipantVideo').map((c) => c.args)).to.deep.equal([['p-bob']]);
    // the pinned tile comes first
    expect(el.shadowRoot!.querySelector('[part="tile"]')!.getAttribute('data-participant-id')).to.equal('p-bob');
    await expect(el).to.be.accessible();
    await screenshot('video-pinned');
    bob().focus();
    await press('Enter');
    await until(() => bob().getAttribute('aria-pressed') === 'false', 'Bob unpinned');
    expect(calls.filter((c) => c.method === 'pinParticipantVideo').map((c) => c.args)).to.deep.equal([['p-bob'], []]);
    // the keyboard alone: tiles are in the Tab order; Enter pins the focused tile (it moves first and
    // keeps the focus), Enter again unpins it; Space works like Enter. (A real Tab press is not used:
    // in Firefox over WebDriver BiDi it left the test page hanging; Space has no BiDi key name there.)
    const ann = () => el.shadowRoot!.querySelector<HTMLElement>('[part="tile"][data-participant-id="p-ann"]')!;
    expect([ann(), bob()].map((t) => t.tabIndex)).to.deep.equal([0, 0]);
    bob().focus();
    await press('Enter');
    await until(() => bob().getAttribute('aria-pressed') === 'true', 'Bob pinned by Enter');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="tile"]')).to.equal(bob());
    expect(el.shadowRoot!.activeElement).to.equal(bob());
    await press('Enter');
    await until(() => bob().getAttribute('aria-pressed') === 'false', 'Bob unpinned by Enter again');
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
    ann().dispatchEvent(space);
    await until(() => ann().getAttribute('aria-pressed') === 'true', 'Ann pinned by Space');
    expect(space.defaultPrevented).to.equal(true); // the page does not scroll
    ann().dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }));
    await until(() => ann().getAttribute('aria-pressed') === 'false', 'Ann unpinned by Space');
    // a click on a pinned tile unpins it
    await click(ann());
    await until(() => ann().getAttribute('aria-pressed') === 'true', 'Ann pinned');
    await click(ann());
    await until(() => ann().getAttribute('aria-pressed') === 'false', 'Ann unpinned by a click');
    expect(calls.filter((c) => c.method === 'pinParticipantVideo').map((c) => c.args)).to.deep.equal([['p-bob'], [], ['p-bob'], [], ['p-ann'], [], ['p-ann'], []]);
  });

  it('controls: Microphone and Camera toggle with aria-pressed, Share screen, layouts, participant list and device menus', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    const session = sessions[0];
    session.setRoom([
      { participantId: 'p-ann', name: 'Ann', video: remote('Ann', '#3a7bd5') },
      { participantId: 'p-bob', name: 'Bob', video: remote('Bob', '#d5a03a'), primary: true },
      { participantId: 'p-cy', name: 'Cy', videoMuted: true },
    ]);
    await el.updateComplete;
    const mic = button(el, 'Microphone');
    const cam = button(el, 'Camera');
    // the toolbar: arrow keys move between its buttons, Home/End to the first/last
    mic.focus();
    await press('ArrowRight');
    expect(el.shadowRoot!.activeElement).to.equal(cam);
    await press('End');
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Leave'));
    await press('Home');
    expect(el.shadowRoot!.activeElement).to.equal(mic);
    await press('ArrowLeft');
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Leave'));
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(cam.getAttribute('aria-pressed')).to.equal('true');
    await click(mic);
    await until(() => mic.getAttribute('aria-pressed') === 'false', 'microphone off');
    expect(calls.find((c) => c.method === 'setAudioMute')!.args[0]).to.deep.include({ conversationId: session.conversationId, mute: true });
    await click(cam);
    await until(() => cam.getAttribute('aria-pressed') === 'false', 'camera off');
    expect(calls.find((c) => c.method === 'setVideoMute')!.args[0]).to.deep.include({ mute: true });
    await el.updateComplete;
    expect($(el, 'video[part="self-view"]').hidden).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('Your camera is off');
    await expect(el).to.be.accessible();
    await screenshot('video-camera-off');
    await click(cam);
    await until(() => cam.getAttribute('aria-pressed') === 'true', 'camera on');
    await expectMovingVideo($<HTMLVideoElement>(el, 'video[part="self-view"]'), 'self view after camera on');

    const share = button(el, 'Share screen');
    await click(share);
    await until(() => share.getAttribute('aria-pressed') === 'true', 'sharing');
    expect(calls.some((c) => c.method === 'startScreenShare')).to.equal(true);
    await el.updateComplete;
    expect($(el, 'video[part="self-view"]').hasAttribute('data-mirrored')).to.equal(false); // a screen is not mirrored
    await click(share);
    await until(() => share.getAttribute('aria-pressed') === 'false', 'not sharing');

    const width = (id: string) => el.shadowRoot!.querySelector(`[part="tile"][data-participant-id="${id}"]`)!.getBoundingClientRect().width;
    // gallery: equal tiles
    expect(Math.abs(width('p-ann') - width('p-bob'))).to.be.lessThan(2);
    await click($(el, '[part="layout-button"]:nth-of-type(2)'));
    expect(el.layout).to.equal('speaker');
    expect(el.getAttribute('layout')).to.equal('speaker');
    await el.updateComplete;
    // speaker: the featured participant (the server's primary video) first and full width, the others small
    const first = el.shadowRoot!.querySelector<HTMLElement>('[part="tile"]')!;
    expect(first.dataset.participantId).to.equal('p-bob');
    expect(first.hasAttribute('data-featured')).to.equal(true);
    expect(width('p-bob')).to.be.greaterThan(width('p-ann') * 1.8);
    await click(button(el, /^Participants/));
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('[part="participant-list"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows[0]).to.match(/^You microphone muted, camera on/);
    expect(rows[1]).to.match(/^Ann microphone on, camera on/);
    expect(rows[3]).to.match(/^Cy microphone on, camera off/);
    await click(button(el, 'Devices'));
    await el.updateComplete;
    const picker = el.shadowRoot!.querySelector('gc-device-select')!;
    expect(picker.getAttribute('kinds')).to.contain('videoinput');
    expect(picker.sdk).to.equal(sdk);
    await expect(el).to.be.accessible();
    await screenshot('video-speaker-layout-panels');
  });

  it('a screen share is shown large in its own tile', async () => {
    const { sdk, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    sessions[0].setRoom([
      { participantId: 'p-ann', name: 'Ann', video: remote('Ann', '#3a7bd5') },
      { participantId: 'p-bob', name: 'Bob', video: remote('Bob screen', '#33aa55', 640, 360), contentType: 'screenshare' },
    ]);
    await el.updateComplete;
    const first = el.shadowRoot!.querySelector<HTMLElement>('[part="tile"]')!;
    expect(first.hasAttribute('data-screen')).to.equal(true);
    expect(first.textContent).to.contain('Bob’s screen');
    const tiles = el.shadowRoot!.querySelectorAll<HTMLElement>('[part="tile"]');
    expect(first.getBoundingClientRect().width).to.be.greaterThan(tiles[1].getBoundingClientRect().width);
    expect(first.getAttribute('aria-label')).to.contain('Bob’s screen');
    await expect(el).to.be.accessible();
    await screenshot('video-screen-share');
  });

  it('Leave leaves (endSession) and offers Rejoin', async () => {
    const { sdk, calls } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    const local = (calls.find((c) => c.method === 'acceptSession')!.args[0] as { mediaStream: MediaStream }).mediaStream;
    await click(button(el, 'Leave'));
    await until(() => el.state === 'left', 'left');
    expect(calls.filter((c) => c.method === 'endSession')).to.have.length(1);
    expect(local.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('You left the room');
    expect(el.shadowRoot!.activeElement?.textContent).to.contain('Rejoin'); // focus follows to the next step
    await expect(el).to.be.accessible();
    await screenshot('video-left');
    await click(button(el, 'Rejoin'));
    await joined(el);
    expect(calls.filter((c) => c.method === 'startVideoConference')).to.have.length(2);
  });

  it('ended by the other side: "The conference ended for you" with Rejoin, our media stopped', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    const local = (calls.find((c) => c.method === 'acceptSession')!.args[0] as { mediaStream: MediaStream }).mediaStream;
    const session = sessions[0];
    session.state = 'ended';
    sdk.emit('sessionEnded', session, { condition: 'gone' });
    await until(() => el.state === 'ended', 'ended');
    await el.updateComplete;
    expect(calls.some((c) => c.method === 'endSession')).to.equal(false);
    expect(el.shadowRoot!.textContent).to.contain('The conference ended for you');
    expect(local.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(session.count('participantsUpdate')).to.equal(0); // its listeners are gone
    await expect(el).to.be.accessible();
    await screenshot('video-ended');
    await click(button(el, 'Rejoin'));
    await joined(el);
  });

  it('removed from the page mid-call: leaves the room (endSession), stops its media and drops every listener', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    const local = (calls.find((c) => c.method === 'acceptSession')!.args[0] as { mediaStream: MediaStream }).mediaStream;
    const { conversationId } = sessions[0];
    el.remove();
    await until(() => calls.some((c) => c.method === 'endSession'), 'endSession');
    expect(calls.find((c) => c.method === 'endSession')!.args[0]).to.deep.include({ conversationId });
    expect(local.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(sessions[0].count('participantsUpdate')).to.equal(0);
    for (const event of ['sessionStarted', 'sessionEnded', 'connectionState', 'ready']) expect(sdk.count(event), event).to.equal(0);
  });

  it('finds its engine with for="id"', async () => {
    const { sdk, calls } = fakeVideoEngine();
    const wrap = await fixture<HTMLDivElement>(html`<div><div id="video-engine" .sdk=${sdk}></div>
      <gc-video-conference for="video-engine" room-jid=${ROOM}></gc-video-conference></div>`);
    const el = wrap.querySelector('gc-video-conference')!;
    wrap.querySelector('#video-engine')!.dispatchEvent(new CustomEvent('gc-engine-change'));
    await until(() => !button(el, 'Join').disabled, 'Join enabled');
    await click(button(el, 'Join'));
    await joined(el);
    expect(calls.some((c) => c.method === 'startVideoConference')).to.equal(true);
  });

  it('room not found: says so, with Try again', async () => {
    const notFound = Object.assign(new Error('POST /api/v2/conversations/videos failed with status 404'), { type: 'http', details: { status: 404 } });
    const engine = fakeVideoEngine({ startError: notFound });
    const failed = new Promise<CustomEvent>((r) => document.addEventListener('gc-video-error', (e) => r(e as CustomEvent), { once: true }));
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${engine.sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    expect((await failed).detail.action).to.equal('join');
    await until(() => el.state === 'error', 'error state');
    await el.updateComplete;
    expect($(el, '[role="alert"]').textContent).to.contain('room was not found');
    // no camera left running after a failed join
    const local = engine.calls.filter((c) => c.method === 'startMedia');
    expect(local.length).to.equal(2);
    await expect(el).to.be.accessible();
    await screenshot('video-room-not-found');
    engine.options.startError = undefined;
    await click(button(el, 'Try again'));
    await joined(el);
  });

  it('camera denied: explained, and joining without camera works', async () => {
    const { sdk, calls } = fakeVideoEngine({ deny: 'video' });
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await until(() => el.state === 'error', 'error state');
    await el.updateComplete;
    expect($(el, '[role="alert"]').textContent).to.contain('Camera access was blocked');
    expect(calls.some((c) => c.method === 'startVideoConference')).to.equal(false); // nothing started without media
    await expect(el).to.be.accessible();
    await screenshot('video-camera-denied');
    await click(button(el, 'Join without camera'));
    await joined(el);
    const accept = calls.find((c) => c.method === 'acceptSession')!.args[0] as { mediaStream: MediaStream };
    expect(accept.mediaStream.getVideoTracks()).to.have.length(0);
    expect(button(el, 'Camera').getAttribute('aria-pressed')).to.equal('false');
  });

  it('Cancel while joining: nothing stays joined (the started conversation is left, the media stopped)', async () => {
    const { sdk, calls } = fakeVideoEngine({ startDelayMs: 1500 });
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await until(() => calls.some((c) => c.method === 'startVideoConference'), 'the start request');
    await el.updateComplete;
    expect(el.state).to.equal('joining');
    expect($(el, '[part="status"]').textContent).to.contain('Joining');
    // the Join button is disabled while joining: focus moved to Cancel
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Cancel'));
    await expect(el).to.be.accessible();
    await screenshot('video-joining');
    await click(button(el, 'Cancel'));
    await until(() => el.state === 'left', 'left');
    await until(() => calls.some((c) => c.method === 'endSession'), 'the started conversation is ended');
    expect(calls.some((c) => c.method === 'acceptSession')).to.equal(false);
    const local = await until(() => calls.filter((c) => c.method === 'startMedia').length === 2, 'media');
    expect(local).to.equal(true);
    expect(el.state).to.equal('left');
  });

  it('shows "Reconnecting…" while the media connection is interrupted', async () => {
    const { sdk, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    await click(button(el, 'Join'));
    await joined(el);
    sessions[0].emit('connectionState', 'interrupted');
    await el.updateComplete;
    expect(el.state).to.equal('reconnecting');
    expect($(el, '[part="status"]').textContent).to.contain('Reconnecting');
    await expect(el).to.be.accessible();
    await screenshot('video-reconnecting');
    sessions[0].emit('connectionState', 'connected');
    await el.updateComplete;
    expect(el.state).to.equal('joined');
  });

  it('auto-join joins a meeting (startVideoMeeting) once the engine is there; re-dispatches session events', async () => {
    const { sdk, calls, sessions } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference meeting-id="weekly-1" auto-join></gc-video-conference>`);
    const seen = oneEvent(el, 'gc-participants-update');
    el.sdk = sdk as unknown as Sdk;
    await joined(el);
    expect(calls.find((c) => c.method === 'startVideoMeeting')!.args).to.deep.equal(['weekly-1']);
    sessions[0].setRoom([{ participantId: 'p-ann', name: 'Ann' }]);
    const { detail } = await seen;
    expect(detail.activeParticipants.map((p: { participantId: string }) => p.participantId)).to.deep.equal(['p-me', 'p-ann']);
  });

  it('a video session is not a call: <gc-softphone> on the same engine lists no row for it', async () => {
    const { sdk } = fakeVideoEngine();
    const wrap = await fixture<HTMLDivElement>(html`<div><gc-softphone .sdk=${sdk as unknown as Sdk}></gc-softphone>
      <gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference></div>`);
    const el = wrap.querySelector('gc-video-conference')!;
    const phone = wrap.querySelector('gc-softphone')!;
    await click(button(el, 'Join'));
    await joined(el);
    await phone.updateComplete;
    expect(phone.shadowRoot!.querySelectorAll('li[part="call"]')).to.have.length(0);
    expect(phone.shadowRoot!.textContent).to.contain('No calls');
  });

  it('texts come from setStrings()', async () => {
    const { sdk } = fakeVideoEngine();
    const el = await fixture<GcVideoConference>(html`<gc-video-conference room-jid=${ROOM} .sdk=${sdk as unknown as Sdk}></gc-video-conference>`);
    setStrings({ video: { join: 'Rejoindre' } });
    await el.updateComplete;
    expect(button(el, 'Rejoindre').textContent).to.contain('Rejoindre');
    setStrings({});
  });
});

// ---- end to end: the emulator's video rooms, real media ----

interface RoomView { participants: Array<{ participantId: string; userId: string; name: string; state: string; videoMuted: boolean; pinnedBy: string[]; counters: { video: { rtpPacketsFromClient: number } } }> }

async function roomView(roomJid: string): Promise<RoomView> {
  return control<RoomView>('GET', `video-rooms/${encodeURIComponent(roomJid)}`);
}

/** Join by clicking, the bot's tile moves, camera off at the emulator, pin by clicking, Leave: in `doc` (this page or the bundle's iframe). */
async function roomScenario(el: GcVideoConference, agent: AgentInfo, roomJid: string, bot: { participantId: string; name: string }, shotPrefix: string): Promise<void> {
  // axe runs in this document; the bundle page's elements are checked by the same code through the ES build
  const accessible = el.ownerDocument === document ? () => expect(el).to.be.accessible() : () => Promise.resolve();
  await until(() => !button(el, 'Join').disabled, 'Join enabled (engine ready)', 20000);
  await click(button(el, 'Join'));
  await until(() => {
    if (el.state === 'error') throw new Error(`join failed: ${el.shadowRoot!.querySelector('[role="alert"]')?.textContent}`);
    return el.state === 'joined';
  }, 'joined', 30000);
  const botTile = await until(() => el.shadowRoot!.querySelector<HTMLElement>(`[part="tile"][data-participant-id="${bot.participantId}"]`), 'the bot’s tile', 20000);
  expect(botTile.querySelector('[part="tile-name"]')!.textContent).to.contain(bot.name);
  await expectMovingVideo(botTile.querySelector('video')!, 'the bot’s tile');
  await expectMovingVideo($<HTMLVideoElement>(el, 'video[part="self-view"]'), 'self view');
  await accessible();
  await screenshot(`${shotPrefix}-joined`);

  const me = async () => (await roomView(roomJid)).participants.find((p) => p.userId === agent.userId && p.state !== 'disconnected');
  await until(async () => ((await me())?.counters.video.rtpPacketsFromClient ?? 0) > 20, 'our camera video at the emulator', 20000);
  const camera = button(el, 'Camera');
  await click(camera);
  await until(() => camera.getAttribute('aria-pressed') === 'false', 'camera button off');
  await until(async () => (await me())?.videoMuted === true, 'the emulator sees our camera muted', 15000);
  // and no more video packets arrive from us
  const stopped = await until(async () => {
    const a = (await me())?.counters.video.rtpPacketsFromClient ?? 0;
    await new Promise((r) => setTimeout(r, 1200));
    const b = (await me())?.counters.video.rtpPacketsFromClient ?? 0;
    return a === b ? b : 0;
  }, 'our video packets stop', 15000);
  expect(stopped).to.be.greaterThan(0);
  await screenshot(`${shotPrefix}-camera-off`);

  await click(el.shadowRoot!.querySelector<HTMLElement>(`[part="tile"][data-participant-id="${bot.participantId}"]`)!);
  await until(() => el.shadowRoot!.querySelector(`[part="tile"][data-participant-id="${bot.participantId}"]`)?.getAttribute('aria-pressed') === 'true', 'bot tile pinned');
  await until(async () => ((await roomView(roomJid)).participants.find((p) => p.participantId === bot.participantId)?.pinnedBy.length ?? 0) > 0, 'the emulator sees the pin');
  await accessible();
  await screenshot(`${shotPrefix}-pinned`);

  await click(button(el, 'Leave'));
  await until(() => el.state === 'left', 'left', 15000);
  await until(async () => !(await me()), 'the emulator sees us leave', 15000);
  await accessible();
  await screenshot(`${shotPrefix}-left`);
}

/** `<gc-webrtc-sdk>` (ES build, video only) for `agent` around a `<gc-video-conference room-jid>`. */
async function conferenceFixture(agent: AgentInfo, roomJid: string): Promise<{ wrap: GcWebrtcSdk; el: GcVideoConference }> {
  const info = await emulatorInfo();
  const wrap = await fixture<GcWebrtcSdk>(html`<gc-webrtc-sdk environment=${info.environment} ws-host=${info.wsHost} opt-out-of-telemetry
    use-headsets="false" allowed-session-types="collaborateVideo" .config=${{ logger: quietLogger }} .accessToken=${agent.accessToken}>
    <gc-video-conference room-jid=${roomJid}></gc-video-conference></gc-webrtc-sdk>`);
  return { wrap, el: wrap.querySelector('gc-video-conference')! };
}

describe('<gc-video-conference> end to end (emulator video room)', function () {
  this.timeout(120000);

  it('ES build: join by clicking Join, the bot’s tile moves, Camera off reaches the emulator, a tile click pins, Leave leaves', async () => {
    const agent = await newAgent();
    const roomJid = await newRoom('elements-es');
    const bot = await addBot(roomJid, { name: 'Robo Bot' });
    const { el } = await conferenceFixture(agent, roomJid);
    await roomScenario(el, agent, roomJid, bot, 'video-e2e');
  });

  it('ES build: the talking bot is highlighted; a camera switch in Devices goes through updateOutgoingMedia to the emulator; a socket drop shows Reconnecting…; removing the element leaves and stops every track', async () => {
    const agent = await newAgent();
    const roomJid = await newRoom('elements-more');
    const bot = await addBot(roomJid, { name: 'Talky Bot' });
    const { wrap, el } = await conferenceFixture(agent, roomJid);
    const states: string[] = [];
    el.addEventListener('gc-video-state-change', (e) => states.push(e.detail.state));
    await until(() => !button(el, 'Join').disabled, 'Join enabled (engine ready)', 20000);
    await click(button(el, 'Join'));
    await until(() => el.state === 'joined', 'joined', 30000);
    const sdk = wrap.sdk!;
    const session = sdk.getAllSessions().find((x) => x.sessionType === 'collaborateVideo')! as unknown as { pc: RTCPeerConnection; conversationId: string };
    const videoSender = () => session.pc.getSenders().find((x) => x.track?.kind === 'video');
    const me = async () => (await roomView(roomJid)).participants.find((p) => p.userId === agent.userId && p.state !== 'disconnected');
    const packetsFromUs = async () => (await me())?.counters.video.rtpPacketsFromClient ?? 0;

    // the active speaker, from the emulator's audio levels of the bot's forwarded sound
    const botTile = () => el.shadowRoot!.querySelector<HTMLElement>(`[part="tile"][data-participant-id="${bot.participantId}"]`);
    await until(() => botTile()?.hasAttribute('data-speaking'), 'the talking bot highlighted as the active speaker', 20000);
    expect(botTile()!.getAttribute('aria-label')).to.contain('speaking');

    // Devices → Camera: the element calls updateOutgoingMedia, the engine replaces the track on the same sender
    const outgoing: unknown[] = [];
    const update = sdk.updateOutgoingMedia.bind(sdk);
    sdk.updateOutgoingMedia = (opts) => { outgoing.push(opts); return update(opts); };
    await until(async () => (await packetsFromUs()) > 20, 'our camera at the emulator', 20000);
    await click(button(el, 'Devices'));
    const picker = await until(() => el.shadowRoot!.querySelector<GcDeviceSelect>('gc-device-select'), 'the device menus');
    const cameraSelect = await until(() => picker.shadowRoot?.querySelector<HTMLSelectElement>('select[part="camera-select"]') ?? undefined, 'the camera picker');
    const cameraId = await until(() => [...cameraSelect.options].find((o) => o.value)?.value, 'a camera listed');
    const choose = async (value: string) => {
      const changed = oneEvent(picker, 'gc-device-change');
      cameraSelect.value = value;
      cameraSelect.dispatchEvent(new Event('change'));
      return (await changed).detail;
    };
    expect(await choose(cameraId)).to.deep.include({ kind: 'videoinput', deviceId: cameraId, appliedToSessions: true });
    const before = videoSender()!.track!;
    // back to "System default": always requested anew (a camera that is already sent is not re-requested)
    expect(await choose('')).to.deep.include({ kind: 'videoinput', deviceId: null, appliedToSessions: true });
    expect(outgoing).to.have.length(2);
    expect((outgoing[1] as { session: { conversationId: string } }).session.conversationId).to.equal(session.conversationId);
    const after = await until(() => (videoSender()?.track && videoSender()!.track !== before ? videoSender()!.track! : undefined), 'a new camera track on the sender');
    expect(after.readyState).to.equal('live');
    await until(() => before.readyState === 'ended', 'the old camera released');
    const sent = await packetsFromUs();
    await until(async () => (await packetsFromUs()) > sent + 20, 'the emulator keeps receiving our video after the switch', 20000);
    // the self view follows what we send
    await until(() => ($<HTMLVideoElement>(el, 'video[part="self-view"]').srcObject as MediaStream | null)?.getVideoTracks()[0] === after, 'the self view shows the new camera');
    await expectMovingVideo($<HTMLVideoElement>(el, 'video[part="self-view"]'), 'self view after the switch');

    // the socket drops: "Reconnecting…", then back in the room with the video still flowing
    states.length = 0;
    const { dropped } = await control<{ dropped: number }>('POST', 'faults', { type: 'drop-sockets', userId: agent.userId });
    expect(dropped).to.be.greaterThan(0);
    await until(() => states.includes('reconnecting'), 'the reconnecting state', 15000);
    await until(() => el.state === 'joined', 'back in the room', 30000);
    expect(states[0]).to.equal('reconnecting');
    expect(states[states.length - 1]).to.equal('joined');
    await expectMovingVideo(botTile()!.querySelector('video')!, 'the bot’s tile after the reconnect');

    // removed mid-call: the room hears us leave, nothing keeps the camera or microphone
    const tracks = session.pc.getSenders().map((x) => x.track).filter((t): t is MediaStreamTrack => Boolean(t));
    expect(tracks.length).to.be.greaterThan(1);
    el.remove();
    await until(async () => !(await me()), 'the emulator sees us leave', 15000);
    await until(() => tracks.every((t) => t.readyState === 'ended'), 'every track we sent is stopped');
    expect(sdk.getAllSessions().filter((x) => x.sessionType === 'collaborateVideo')).to.have.length(0);
  });

  it('an unknown room, then an unknown meeting: "… was not found" with Try again; a real meeting then joins', async () => {
    const agent = await newAgent();
    // the emulator makes up rooms on demand, except the peer- aliases of rooms that do not exist (404)
    const { el } = await conferenceFixture(agent, 'peer-nobody@conference.example.com');
    await until(() => !button(el, 'Join').disabled, 'Join enabled', 20000);
    await click(button(el, 'Join'));
    await until(() => el.state === 'error', 'error state', 20000);
    await el.updateComplete;
    expect($(el, '[role="alert"]').textContent).to.contain('The room was not found');
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Try again')); // focus moved from Join to the retry
    await expect(el).to.be.accessible();
    await screenshot('video-e2e-room-not-found');
    el.removeAttribute('room-jid');
    el.meetingId = 'no-such-meeting';
    await el.updateComplete;
    await click(button(el, 'Try again'));
    await until(() => el.state === 'error' && Boolean(el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.includes('The meeting was not found')), 'meeting not found', 20000);
    await expect(el).to.be.accessible();
    await screenshot('video-e2e-meeting-not-found');
    const { meetingId } = await control<{ meetingId: string }>('POST', 'meetings', { name: `m-${Date.now().toString(36)}` });
    el.meetingId = meetingId;
    await click(button(el, 'Try again'));
    await until(() => el.state === 'joined', 'joined the meeting', 30000);
    await click(button(el, 'Leave'));
    await until(() => el.state === 'left', 'left', 15000);
  });

  it('script-tag bundle: the same, in a page that loads only dist/gc-webrtc-sdk.bundle.js', async () => {
    const info = await emulatorInfo();
    const agent = await newAgent();
    const roomJid = await newRoom('elements-bundle');
    const bot = await addBot(roomJid, { name: 'Bundle Bot' });
    const frame = await bundlePage(`<gc-webrtc-sdk environment="${info.environment}" ws-host="${info.wsHost}" opt-out-of-telemetry
      use-headsets="false" allowed-session-types="collaborateVideo"><gc-video-conference room-jid="${roomJid}"></gc-video-conference></gc-webrtc-sdk>`);
    const win = frame.contentWindow as Window & typeof globalThis & { GenesysCloudWebrtcSdk: { loadMediaElements(): Promise<{ GcVideoConference: unknown }> } };
    // the element's code is the bundle's lazy file, loaded because the tag is in the page
    await win.customElements.whenDefined('gc-video-conference');
    expect(win.customElements.get('gc-video-conference')).to.equal((await win.GenesysCloudWebrtcSdk.loadMediaElements()).GcVideoConference);
    const sdkEl = frame.contentDocument!.querySelector('gc-webrtc-sdk') as GcWebrtcSdk;
    sdkEl.config = { logger: quietLogger };
    sdkEl.accessToken = agent.accessToken;
    await roomScenario(frame.contentDocument!.querySelector('gc-video-conference') as GcVideoConference, agent, roomJid, bot, 'video-bundle');
  });
});

describe('<gc-device-select> cameras', () => {
  it('lists cameras, previews the chosen one live, sets the resolution, and switches the camera of a video call with updateOutgoingMedia', async () => {
    const dev = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: 'g' }) as MediaDeviceInfo;
    const videoDevices = [dev('videoinput', 'cam-1', 'Front camera'), dev('videoinput', 'cam-2', 'Document camera')];
    const state = {
      devices: videoDevices, oldDevices: [], audioDevices: [], videoDevices, outputDevices: [],
      hasMic: false, hasCamera: true, hasMicPermissions: false, hasCameraPermissions: true, hasOutputDeviceSupport: true,
      micPermissionsRequested: false, cameraPermissionsRequested: true,
    };
    const calls: Array<[string, unknown]> = [];
    const videoSession = { id: 's-v', conversationId: 'c-v', sessionType: 'collaborateVideo', videoMuted: false, state: 'active' };
    const mutedVideo = { id: 's-m', conversationId: 'c-m', sessionType: 'collaborateVideo', videoMuted: true, state: 'active' };
    const softphone = { id: 's-p', conversationId: 'c-p', sessionType: 'softphone', state: 'active' };
    const fake = {
      on() { return this; }, off() { return this; },
      media: {
        on() { return this; }, off() { return this; }, getState: () => state, enumerateDevices: () => Promise.resolve([]),
        startMedia: (o: unknown) => { calls.push(['startMedia', o]); return navigator.mediaDevices.getUserMedia({ video: true }); },
      },
      _config: { defaults: { videoResolution: { width: 1280, height: 720 } } },
      getAllSessions: () => [videoSession, mutedVideo, softphone],
      updateDefaultDevices: (o: unknown) => { calls.push(['updateDefaultDevices', o]); return Promise.resolve(); },
      updateOutgoingMedia: (o: unknown) => { calls.push(['updateOutgoingMedia', o]); return Promise.resolve(); },
      updateDefaultResolution: (r: unknown, all: boolean) => { calls.push(['updateDefaultResolution', [r, all]]); return Promise.resolve(); },
    };
    const el = await fixture<GcDeviceSelect>(html`<gc-device-select kinds="videoinput" .sdk=${fake as unknown as GcDeviceSelect['sdk']}></gc-device-select>`);
    const camera = $<HTMLSelectElement>(el, 'select[part="camera-select"]');
    expect([...camera.options].map((o) => o.textContent!.trim())).to.deep.equal(['System default', 'Front camera', 'Document camera']);
    const resolution = $<HTMLSelectElement>(el, 'select[part="resolution-select"]');
    expect(resolution.value).to.equal('1280x720'); // the engine's configured default
    await click(button(el, 'Preview camera'));
    const preview = await until(() => el.shadowRoot!.querySelector<HTMLVideoElement>('video[part="camera-preview"]'), 'the preview');
    await expectMovingVideo(preview, 'camera preview');
    await expect(el).to.be.accessible();
    await screenshot('devices-camera-preview');

    camera.value = 'cam-2';
    const changed = oneEvent(el, 'gc-device-change');
    camera.dispatchEvent(new Event('change'));
    const { detail } = await changed;
    expect(detail).to.deep.equal({ kind: 'videoinput', deviceId: 'cam-2', appliedToSessions: true });
    expect(calls.filter(([m]) => m === 'updateDefaultDevices').map(([, o]) => o)).to.deep.equal([{ videoDeviceId: 'cam-2', updateActiveSessions: false }]);
    // only the video call that sends its camera switches
    expect(calls.filter(([m]) => m === 'updateOutgoingMedia').map(([, o]) => o)).to.deep.equal([{ session: videoSession, videoDeviceId: 'cam-2' }]);
    // the preview follows the chosen camera
    await until(() => calls.filter(([m]) => m === 'startMedia').length === 2, 'the preview restarted');
    expect(calls.filter(([m]) => m === 'startMedia')[1][1]).to.deep.include({ video: 'cam-2', audio: false });

    resolution.value = '640x360';
    resolution.dispatchEvent(new Event('change'));
    await until(() => calls.some(([m]) => m === 'updateDefaultResolution'), 'resolution applied');
    expect(calls.find(([m]) => m === 'updateDefaultResolution')![1]).to.deep.equal([{ width: 640, height: 360 }, true]);
    await click(button(el, 'Stop preview'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('video[part="camera-preview"]')).to.equal(null);
  });
});
