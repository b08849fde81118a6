/** The real HTTP webhook receiver on 127.0.0.1 shared with the server's own alert tests. */
export { WebhookReceiver } from '../../apps/server/src/test-support/mail-catcher.js';
