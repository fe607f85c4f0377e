// Runs before every test file: pick the backend once, as a notebook or program would at start-up.
import { ready } from '../src';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await ready();
  },
};
