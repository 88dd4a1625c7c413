// webpack 5 consumer (no resolve.fallback, no polyfills): the engine and the elements entries.
import * as api from 'gc-webrtc-sdk';
import 'gc-webrtc-sdk/elements';
import { check, mountElements } from '../shared/check.js';

check({ api, mount: mountElements });
