// The demo agent console: made only of the gc-* elements. It logs in as one of the emulator's
// agents (?agent=N, default 1). The token is set as a property, never put in the DOM.
import { agent, agentLinks, control, demoRoomJid, signIn } from './common.js';

document.getElementById('agent-name').textContent = agent.name;
agentLinks(document.getElementById('agent-switch'));

const sdkEl = document.getElementById('sdk');
await signIn(sdkEl);
window.sdkElement = sdkEl;

const phone = document.getElementById('phone');
for (const b of document.querySelectorAll('[data-dial]')) {
  b.addEventListener('click', () => { phone.number = b.dataset.dial; void phone.call(); });
}

const status = document.getElementById('emu-status');
const say = (text) => { status.textContent = text; };

// the video room: the same demo room as the video page
const video = document.getElementById('video');
demoRoomJid().then((room) => video.setAttribute('room-jid', room), (err) => say(`Could not prepare the video room: ${err.message}`));
document.getElementById('add-bot').addEventListener('click', async () => {
  try {
    const room = video.getAttribute('room-jid') ?? await demoRoomJid();
    const bot = await control(`video-rooms/${encodeURIComponent(room)}/bots`, {});
    say(`${bot.name} joined the video room.`);
  } catch (err) { say(`Could not add a bot: ${err.message}`); }
});

// screen recording of this agent, as the cloud's recording policy would start it
let recordingId;
const record = document.getElementById('record');
const stopRecord = document.getElementById('stop-record');
record.addEventListener('click', async () => {
  try {
    ({ conversationId: recordingId } = await control('screen-recordings', { userId: agent.userId }));
    stopRecord.disabled = false;
    say('The emulator asks to record your screen: see “Screen sharing”.');
  } catch (err) { say(`Could not start a recording: ${err.message}`); }
});
stopRecord.addEventListener('click', async () => {
  if (!recordingId) return;
  try {
    await control(`screen-recordings/${recordingId}`, undefined, 'DELETE');
    recordingId = undefined;
    stopRecord.disabled = true;
    say('The recording ended.');
  } catch (err) { say(`Could not stop the recording: ${err.message}`); }
});

// Remote hang-up ends the call the agent is on (inbound or outbound), else the one ringing.
const hangup = document.getElementById('hangup');
let ringing;
let active;
const ENDED = new Set(['disconnected', 'terminated']);
sdkEl.addEventListener('gc-conversation-update', (e) => {
  // `current` can still hold a call that just ended; prefer the SDK's active conversation
  const live = e.detail.current.filter((c) => !ENDED.has(c.mostRecentCallState?.state ?? c.mostRecentUserParticipant?.state));
  active = (live.find((c) => c.conversationId === e.detail.activeConversationId) ?? live[0])?.conversationId;
  hangup.disabled = !(active || ringing);
});
sdkEl.addEventListener('gc-pending-session', (e) => {
  if (e.detail.sessionType !== 'softphone') return;
  ringing = e.detail.conversationId;
  hangup.disabled = false;
});
sdkEl.addEventListener('gc-cancel-pending-session', () => { ringing = undefined; hangup.disabled = !active; });
sdkEl.addEventListener('gc-handled-pending-session', () => { ringing = undefined; });
document.getElementById('inbound').addEventListener('click', async () => {
  try {
    const { conversationId } = await control('inbound-call', { toUserId: agent.userId, from: '+13175550123', fromName: 'Casey Customer' });
    ringing = conversationId;
    hangup.disabled = false;
    say('A customer is calling you.');
  } catch (err) {
    say(`Could not start the call: ${err.message}`);
  }
});
hangup.addEventListener('click', async () => {
  const target = active ?? ringing;
  if (!target) return;
  try {
    await control(`conversations/${target}/disconnect`);
    say('The customer hung up.');
    hangup.disabled = true;
  } catch (err) {
    say(`Could not hang up: ${err.message}`);
  }
});
sdkEl.addEventListener('gc-sdk-error', (e) => { say(`SDK error: ${e.detail.message}`); });
