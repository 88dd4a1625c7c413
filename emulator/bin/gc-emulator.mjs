#!/usr/bin/env node
// Package bin: the emulator ships as TypeScript and runs through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
