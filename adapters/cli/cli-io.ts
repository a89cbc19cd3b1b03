// The process's streams and settings belong to the app (start-bot uses them too); the CLI re-exports them.
export { processIo, type CliIo } from '../app/process-io.js';
