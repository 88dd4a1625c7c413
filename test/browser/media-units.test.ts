/** Pure pieces of sdk.media: constraint building, retry plan, device diffing, permission errors. */
import { expect } from '@open-wc/testing';
import { SdkError, SdkErrorTypes } from '../../src/errors';
import { buildAudioConstraints, planGumAttempts, resolveRequestedDeviceId } from '../../src/media/constraints';
import { diffDevices, mergeLabels } from '../../src/media/devices';
import { isPermissionsError } from '../../src/media/permissions';
import { fakeDevice } from './media-helpers';

describe('sdk.media units', () => {
  it('resolveRequestedDeviceId: string as is, true → SDK default, null/true-without-default → system default', () => {
    expect(resolveRequestedDeviceId('mic', 'def')).to.equal('mic');
    expect(resolveRequestedDeviceId(true, 'def')).to.equal('def');
    expect(resolveRequestedDeviceId(true, null)).to.equal(undefined);
    expect(resolveRequestedDeviceId(null, 'def')).to.equal(undefined);
  });

  it('audio constraints default the mic processing flags to true and honour overrides', () => {
    expect(buildAudioConstraints(undefined, {})).to.deep.equal({ autoGainControl: true, echoCancellation: true, noiseSuppression: true });
    expect(buildAudioConstraints('m', { micNoiseSuppression: { ideal: false } })).to.deep.equal({
      autoGainControl: true, echoCancellation: true, noiseSuppression: { ideal: false }, deviceId: { exact: 'm' },
    });
  });

  it('plans requested → without resolution → SDK default → system default for video', () => {
    const plan = planGumAttempts('video', { video: 'cam', videoResolution: { width: 1280, height: 720 } }, { videoDeviceId: 'def-cam' }, true);
    expect(plan.map((a) => a.reason)).to.deep.equal(['requested', 'without-resolution', 'sdk-default-device', 'system-default-device']);
    expect(plan[0].constraints).to.deep.equal({ audio: false, video: { deviceId: { exact: 'cam' }, frameRate: { ideal: 30 }, width: 1280, height: 720 } });
    expect(plan[3].constraints).to.deep.equal({ audio: false, video: { frameRate: { ideal: 30 } } });
  });

  it('drops duplicate attempts and plans a single attempt without retry', () => {
    expect(planGumAttempts('audio', { audio: true }, {}, true).map((a) => a.reason)).to.deep.equal(['requested']);
    expect(planGumAttempts('audio', { audio: 'x' }, { audioDeviceId: 'x' }, true).map((a) => a.reason)).to.deep.equal(['requested', 'system-default-device']);
    expect(planGumAttempts('video', { video: 'cam' }, { videoResolution: { width: 1, height: 1 } }, false)).to.have.length(1);
  });

  it('diffDevices reports added, removed (real ids only) and relabelled entries', () => {
    const before = [fakeDevice('audioinput', 'a', 'A'), fakeDevice('audioinput', '', ''), fakeDevice('audioinput', 'default', 'Default - A')];
    const after = [fakeDevice('audioinput', 'b', 'B'), fakeDevice('audioinput', 'default', 'Default - B')];
    const diff = diffDevices(before, after);
    expect(diff.added.map((d) => d.deviceId)).to.deep.equal(['b']);
    expect(diff.removed.map((d) => d.deviceId)).to.deep.equal(['a']);
    expect(diff.changed.map((d) => d.label)).to.deep.equal(['Default - B']);
    expect(mergeLabels(before, [fakeDevice('audioinput', 'a', '')])[0].label).to.equal('A');
  });

  it('isPermissionsError recognises denials, Firefox NotFoundError and wrapped errors only', () => {
    expect(isPermissionsError(new DOMException('denied', 'NotAllowedError'))).to.equal(true);
    expect(isPermissionsError(new DOMException('The object can not be found here.', 'NotFoundError'))).to.equal(true);
    expect(isPermissionsError(new DOMException('Requested device not found', 'NotFoundError'))).to.equal(false);
    expect(isPermissionsError(new SdkError(SdkErrorTypes.media, new DOMException('x', 'NotAllowedError')))).to.equal(true);
    expect(isPermissionsError(new SdkError(SdkErrorTypes.media, 'NotAllowedError'))).to.equal(false);
    expect(isPermissionsError(undefined)).to.equal(false);
    expect(isPermissionsError('NotAllowedError')).to.equal(false);
  });
});
