/** The user's effective WebRTC station (`GET /api/v2/stations/{id}`). */
export interface IStation {
  id: string;
  name: string;
  status: 'ASSOCIATED' | 'AVAILABLE';
  userId: string;
  webRtcUserId: string;
  type: 'inin_webrtc_softphone' | 'inin_remote';
  webRtcPersistentEnabled: boolean;
  webRtcForceTurn: boolean;
  webRtcCallAppearances: number;
}

/** Payload of the `station` event. */
export type ISdkStationEvent =
  | { action: 'Associated'; station: IStation }
  | { action: 'Disassociated'; station: null };
