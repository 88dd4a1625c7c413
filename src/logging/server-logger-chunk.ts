/** genesys-cloud-client-logger's log upload (ServerLogger, its uploader and retry): a lazily loaded chunk (server-upload.ts). */
export { ServerLogger } from 'genesys-cloud-client-logger/dist/es/server-logger.js';
