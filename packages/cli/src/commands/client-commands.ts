// Registers the commands that talk to an App Connector server (or AFAS Profit) through the SDK.
// Must not open the server's database: these commands reach servers over HTTP only, as any client would.

import type { Command } from 'commander';
import type { Io } from '../output.ts';
import { exportCommand } from './client-export.ts';
import { getCommand } from './client-get.ts';
import { loginCommands } from './client-login.ts';
import { codegenCommand, metainfoCommand, versionCommand } from './client-meta.ts';
import { otpCommands } from './client-otp.ts';
import { profileCommands } from './client-profile.ts';
import { reportCommand } from './client-report.ts';
import { syncCommand } from './client-sync.ts';
import { writeCommands } from './client-write.ts';

export function clientCommands(program: Command, io: Io): void {
  profileCommands(program, io);
  loginCommands(program, io);
  getCommand(program, io);
  exportCommand(program, io);
  reportCommand(program, io);
  syncCommand(program, io);
  metainfoCommand(program, io);
  codegenCommand(program, io);
  writeCommands(program, io);
  otpCommands(program, io);
  versionCommand(program, io);
}
