// Build-time substitute for `axios` as imported by genesys-cloud-client-logger (see
// build/stanza-slim.mjs and docs/bundle-size.md). The logger's only use of axios is one call
// (dist/es/log-uploader.js, sendPostRequest):
//
//   axios({ method: 'post', url, responseType: 'text', data: <plain object>, headers })
//
// and its retry logic (exponential-backoff) reads `err.response.status`,
// `err.response.headers['retry-after']` and `err.code === 'ERR_NETWORK'`. This implements
// exactly that with fetch, with axios's semantics for it: the body is JSON for a plain object,
// a non-2xx status rejects with an AxiosError-shaped error (code ERR_BAD_REQUEST for 4xx,
// ERR_BAD_RESPONSE for 5xx), a failed request rejects with code ERR_NETWORK and no response,
// and response headers are a plain object with lower-case names. Anything else throws, so a
// logger upgrade that uses more of axios fails loudly in tests instead of misbehaving.

function redactHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = /^(authorization|cookie)$/i.test(name) ? '[redacted]' : value;
  return out;
}

function axiosError(message, code, config, response) {
  const err = new Error(message);
  err.name = 'AxiosError';
  err.code = code;
  // never carry credentials in an error (it may be logged or surface as an unhandled rejection)
  err.config = { ...config, headers: redactHeaders(config?.headers) };
  if (response) {
    err.response = response;
    err.status = response.status;
  }
  err.isAxiosError = true;
  return err;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export default async function axios(config) {
  const { method = 'get', url, data, headers = {}, responseType = 'json' } = config ?? {};
  const known = new Set(['method', 'url', 'data', 'headers', 'responseType']);
  const unknown = Object.keys(config ?? {}).filter((k) => !known.has(k));
  if (unknown.length || typeof url !== 'string' || responseType !== 'text') {
    throw new Error(`axios substitute (build/slim/axios-fetch.mjs): unsupported request options ${JSON.stringify({ unknown, responseType })}`);
  }
  const requestHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) requestHeaders[name] = String(value);
  }
  let body = data;
  if (isPlainObject(data) || Array.isArray(data)) {
    body = JSON.stringify(data);
    if (!Object.keys(requestHeaders).some((h) => h.toLowerCase() === 'content-type')) {
      requestHeaders['content-type'] = 'application/json';
    }
  }
  let res;
  try {
    res = await fetch(url, { method: method.toUpperCase(), headers: requestHeaders, body });
  } catch (cause) {
    const err = axiosError('Network Error', 'ERR_NETWORK', config);
    err.cause = cause;
    throw err;
  }
  const responseHeaders = {};
  res.headers.forEach((value, name) => { responseHeaders[name.toLowerCase()] = value; });
  let text;
  try {
    text = await res.text();
  } catch (cause) {
    const err = axiosError('Network Error', 'ERR_NETWORK', config);
    err.cause = cause;
    throw err;
  }
  const response = { data: text, status: res.status, statusText: res.statusText, headers: responseHeaders, config: { ...config, headers: redactHeaders(config?.headers) } };
  if (res.status >= 200 && res.status < 300) return response;
  throw axiosError(`Request failed with status code ${res.status}`, res.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST', config, response);
}
