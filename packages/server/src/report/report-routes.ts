// GET /ReportConnector/{reportId} (PROTOCOL.md 7): glues the report stages (rights -> the read pipeline's parse,
// plan, SQL and stream, bounded by the row limit -> render-pdf -> file answer). Unknown and not allowed: 404 alike.

import { CodedError } from '@appconnector/protocol';
import type { FastifyInstance } from 'fastify';
import { sendFileAnswer } from '../files/file-answer.ts';
import type { ServerContext } from '../http/context.ts';
import { rawQuery } from '../http/request-url.ts';
import { planRead } from '../read/read-plan.ts';
import { parseReadRequest } from '../read/read-request.ts';
import { compileRead } from '../read/read-sql.ts';
import { turnLimit } from '../turn-limit.ts';
import { renderReportPdf } from './render-pdf.ts';
import { bothFilters } from './report-filter.ts';

/**
 * Reports read and render at most two at a time; the rest wait their turn. A report of 10,000 rows takes seconds of
 * CPU (yielding after every page): without a bound, many at once would hold as many row sets and slow every call.
 */
const inTurn = turnLimit(2);

export function registerReportRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Params: { reportId: string } }>('/ProfitRestServices/ReportConnector/:reportId', async (request, reply) => {
    const principal = request.principal!;
    const report = request.registry.reports.get(request.params.reportId);
    const connector = report && request.registry.getConnectors.get(report.getConnector);
    // The report prints the GetConnector's rows, so the right to read them is the right to print them: no link kind
    // of its own. A caller without it learns nothing, not even that the report exists (as the file endpoints).
    if (!report || !connector || connector.blocked || !principal.canGet(connector.id))
      throw new CodedError('fileNotFound');
    // The caller's filters in either syntax; paging and order are the report's.
    const asked = parseReadRequest(connector.id, rawQuery(request.url));
    const plan = planRead(
      {
        connectorId: connector.id,
        skip: 0,
        // One row past the limit tells that there were more.
        take: report.rowLimit + 1,
        all: false,
        orderBy: [...report.orderBy],
        filter: bothFilters(report.filter, asked.filter),
      },
      connector,
      principal.canGet,
    );
    const schema = await context.db.environmentSchema(principal.environment.name);
    const pdf = await inTurn(async () => {
      // All rows are rendered at once: read whole, the connection given back before the rendering.
      const rows = await context.db.readAll(compileRead(context.db, schema, plan));
      const truncated = rows.length > report.rowLimit;
      if (truncated) rows.length = report.rowLimit;
      return renderReportPdf(report, rows, { language: request.language, createdAt: new Date(), truncated });
    });
    const name = `${report.id.replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`;
    return sendFileAnswer(
      request,
      reply,
      { data: pdf, mime: 'application/pdf', name, fallbackName: 'report.pdf' },
      'unnamed',
    );
  });
}
