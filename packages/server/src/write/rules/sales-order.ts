// Rules `sales-order-line` and `sales-order-totals` (FbSales): a line takes its description and price from the
// article when not given and gets its net price and amount; the order keeps the totals of its lines, as Profit does.

import type { WriteRule } from './rule.ts';

const round2 = (value: number) => Math.round(value * 100) / 100;
const number = (value: unknown) => (typeof value === 'number' ? value : 0);
/** VAT by the line's rate group (the demo's: high 21%, low 9%). */
const VAT: Record<string, number> = { HOOG: 0.21, LAAG: 0.09 };

export const salesOrderLine: WriteRule = {
  description: 'fills a line from its article (description, price) and computes price_net and amount_total',
  requires: {
    fields: ['ItCd', 'QuUn', 'Upri', 'PRDc', 'ARDc', 'Ds'],
    columns: [
      'price_net',
      'amount_total',
      'description',
      'price_per_unit',
      'vat_rate_group',
      'quantity_units',
      'line_discount_percentage',
      'line_discount_amount',
    ],
  },
  sets: ['price_net', 'amount_total'],
  // AFAS's documented PUT bodies name an existing line by its GUID (GuLi); a line without one is a new line.
  resolve(record) {
    const guid = record.values.get('GuLi');
    return typeof guid === 'string' && guid !== '' && record.object.byId.get('GuLi')?.column
      ? { where: { [record.object.byId.get('GuLi')!.column!.name]: guid } }
      : undefined;
  },
  async beforeWrite(context) {
    const item = context.value('ItCd');
    if (context.action === 'insert' && typeof item === 'string') {
      const [article] = await context.queries.find('fb_article', { item_code: item }, 1);
      if (article) {
        if (context.column('description') == null) context.changes.description = article.description;
        if (context.column('price_per_unit') == null) context.changes.price_per_unit = article.sales_price;
        if (context.column('vat_rate_group') == null) context.changes.vat_rate_group = article.vat_rate_group;
      }
    }
    const quantity = number(context.column('quantity_units'));
    const price = number(context.column('price_per_unit'));
    const percentage = number(context.column('line_discount_percentage'));
    const discount = context.column('line_discount_amount');
    const gross = quantity * price;
    const lineDiscount = typeof discount === 'number' ? discount : round2((gross * percentage) / 100);
    context.changes.price_net = round2(price * (1 - percentage / 100));
    context.changes.amount_total = round2(gross - lineDiscount);
  },
};

export const salesOrderTotals: WriteRule = {
  description: 'keeps gross_amount, total_amount, vat_amount, total_quantity and invoice_total of an order',
  requires: {
    columns: [
      'order_number',
      'gross_amount',
      'invoice_discount',
      'total_amount',
      'vat_amount',
      'total_quantity',
      'invoice_total',
    ],
  },
  async afterWrite(context) {
    const order = context.column('order_number');
    const lines = await context.queries.find('fb_sales_order_line', { order_number: order });
    let gross = 0;
    let vat = 0;
    let quantity = 0;
    for (const line of lines) {
      gross += number(line.amount_total);
      vat += number(line.amount_total) * (VAT[String(line.vat_rate_group)] ?? 0);
      quantity += number(line.quantity_units);
    }
    const totals = {
      gross_amount: round2(gross),
      invoice_discount: 0,
      total_amount: round2(gross),
      vat_amount: round2(vat),
      total_quantity: round2(quantity),
      invoice_total: round2(gross + vat),
    };
    await context.queries.update('fb_sales_order', totals, { order_number: order });
  },
};
