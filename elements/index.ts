/**
 * The gc-* custom elements. Importing this module registers all five (guarded: a second copy
 * on the page only warns). Safe to import in Node/SSR: nothing is registered there.
 */
import { GcWebrtcSdk } from './webrtc-sdk/webrtc-sdk';
import { GcSoftphone } from './softphone/softphone';
import { GcDeviceSelect } from './device-select/device-select';
import { GcVideoConference } from './video-conference/video-conference';
import { GcScreenShare } from './screen-share/screen-share';

export { GcWebrtcSdk, GcSoftphone, GcDeviceSelect, GcVideoConference, GcScreenShare };
export type { GcVideoState, GcVideoLayout } from './video-conference/video-conference';
export type { GcScreenShareMode, GcScreenShareState } from './screen-share/screen-share';
export type {
  IParticipantUpdate, IParticipantsUpdate, ISpeakersUpdate, IMemberStatusMessage, IParticipantMedia, IParticipantMediaUpdate,
  IPinnedParticipant, GcVideoSession, SdkVideoApi,
} from './internal/media-api';
export { GcElement } from './internal/gc-element';
export { sdkContext, type GcSdk, type SdkSoftphoneApi } from './internal/engine';
export { EngineConsumer } from './internal/engine-consumer';
export { strings, setStrings, type GcStrings } from './internal/strings';
export { domEventName, SDK_EVENT_ARGS, type GcSdkEventDetails, type GcMediaEventDetails, type GcSdkEventMap, type GcConnectionState } from './internal/events';

GcWebrtcSdk.define('gc-webrtc-sdk');
GcSoftphone.define('gc-softphone');
GcDeviceSelect.define('gc-device-select');
GcVideoConference.define('gc-video-conference');
GcScreenShare.define('gc-screen-share');
