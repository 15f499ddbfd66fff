// The parts of the server beyond the read path (write path, files, reports, OTP) plug in here, so that app.ts stays the
// pipeline and every entry point (serve, tests, benchmark) gets the same routes.

import type { AppOptions } from './app.ts';
import type { Runtime } from './boot.ts';
import { registerFileRoutes } from './files/file-routes.ts';
import { registerReportRoutes } from './report/report-routes.ts';
import { updateMetainfoSource } from './write/update-metainfo.ts';
import { registerWriteRoutes } from './write/write-routes.ts';

export function serverExtensions(runtime: Runtime): Pick<AppOptions, 'plugins' | 'updates' | 'registries'> {
  return {
    plugins: [registerWriteRoutes, registerFileRoutes, registerReportRoutes],
    // Each environment's UpdateConnectors, from the registry it serves.
    updates: updateMetainfoSource,
    // Sets compiled by admin calls of this runtime (an import in-process) are not compiled twice.
    registries: runtime.registries,
  };
}
