// Runs before every test file: pick the backend once, as a notebook or program would at start-up, and say which
// one this run uses (CI runs the suites on more than one).
import { ready } from '../src';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    const { message } = await ready();
    console.log(message);
  },
};
