#!/usr/bin/env node
/**
 * The `flax-ts` command (`npx flax-ts …` in a project that depends on flax-ts). Kept apart from the library's main
 * entry: it needs Node.js's child processes and file system, which a browser bundle must never see.
 *
 * @packageDocumentation
 */
import { SETUP_USAGE, setupTfjsNode } from './setup-tfjs-node';

const USAGE = `Usage: npx flax-ts <command>

Commands:
  setup-tfjs-node   install tfjs-node and build its native binding, so flax-ts runs on native TensorFlow

npx flax-ts <command> --help describes a command.`;

function main(args: readonly string[]): number {
  const command = args.at(0);
  const rest = args.slice(1);
  if (command === 'setup-tfjs-node') {
    if (rest.includes('--help')) {
      console.log(SETUP_USAGE);
      return 0;
    }
    return setupTfjsNode(rest);
  }
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  console.error(`flax-ts: unknown command "${command}"\n\n${USAGE}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
