// Rule `current-employment` (KnEmployee's AfasContract, AfasOrgunitFunction, AfasTimeTable, AfasSalary): an employee
// may have several rows of each, one per start date; hr_employee points at the current one, which Profit_Employees
// shows. Current: the latest start on or before today, else (all in the future) the earliest.

import { amsterdamToday } from '../write-clock.ts';
import type { Row, WriteRule } from './rule.ts';

/** The employment table -> hr_employee's column that points at its current row. */
const POINTERS: Readonly<Record<string, string>> = {
  hr_contract: 'contract_id',
  hr_employee_function: 'employee_function_id',
  hr_schedule: 'schedule_id',
  hr_salary: 'salary_id',
};

/** `2024-01-31` of a stored date, whichever form the driver gives it in. */
function dayOf(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export function currentRow(rows: readonly Row[], today: string): Row | undefined {
  const sorted = [...rows].sort((a, b) => dayOf(a.start_date).localeCompare(dayOf(b.start_date)));
  const started = sorted.filter((row) => dayOf(row.start_date) <= today);
  return started.length > 0 ? started[started.length - 1] : sorted[0];
}

export const currentEmployment: WriteRule = {
  description: "points hr_employee at the employee's current contract, function, schedule and salary row",
  requires: { columns: ['id', 'employee_id', 'start_date'] },
  verify(object) {
    return POINTERS[object.table.name] ? undefined : `applies to ${Object.keys(POINTERS).join(', ')} only`;
  },
  async afterWrite(context) {
    const table = context.record.object.table.name;
    const employeeId = context.column('employee_id');
    if (employeeId === undefined || employeeId === null) return;
    const rows = await context.queries.find(table, { employee_id: employeeId });
    const current = currentRow(rows, amsterdamToday().slice(0, 10));
    const pointer = POINTERS[table]!;
    const [employee] = await context.queries.find('hr_employee', { employee_id: employeeId }, 1);
    if (employee && current && employee[pointer] !== current.id)
      await context.queries.update('hr_employee', { [pointer]: current.id }, { employee_id: employeeId });
  },
};
