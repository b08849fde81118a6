/** The real SMTP catcher (smtp-server on 127.0.0.1) shared with the server's own alert tests. */
export { MailCatcher } from '../../apps/server/src/test-support/mail-catcher.js';
