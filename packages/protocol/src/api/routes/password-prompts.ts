import { DevicePasswordDue, DevicePasswordPrompts, PromptRunResult } from '../password-prompts.js';
import { defineRoute, pathParams } from '../route.js';

/** Password-due dates and reminders: any signed-in role reads; the admin runs reminders now. */
export const passwordPromptsApi = {
  dueList: defineRoute({
    method: 'GET',
    path: '/api/password-prompts',
    summary: "Each device's password-due date",
    response: DevicePasswordDue.array(),
  }),
  run: defineRoute({ method: 'POST', path: '/api/password-prompts/run', summary: 'Send reminders now (admin)', response: PromptRunResult }),
  forDevice: defineRoute({
    method: 'GET',
    path: '/api/password-prompts/:deviceId',
    summary: "One device's accounts and prompt history",
    params: pathParams('deviceId'),
    response: DevicePasswordPrompts,
  }),
};
