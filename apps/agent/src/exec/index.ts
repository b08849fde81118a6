export * from './host.js';
export { createLocalHost } from './local-host.js';
export { createFakeHost, type FakeHost, type FakeHostSpec, type FakeResult, type RecordedCall } from './fake-host.js';
