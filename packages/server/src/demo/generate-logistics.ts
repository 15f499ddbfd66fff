// How the logistics demo data is made (definitions/demo/logistics.yaml): VAT codes (reference data), articles with
// EAN-13 barcodes, and sales orders whose lines, discounts, VAT and totals add up.

import { ean13CheckDigit } from './checksums.ts';
import { dateValue } from './dates.ts';
import { orgDebtorCode } from './demo-codes.ts';
import { cents, type DemoRun, K_ARTICLE, K_ORDER, SYSTEM_USERS } from './demo-run.ts';
import type { DemoBatch, DemoRow } from './demo-tables.ts';
import { PRODUCT_VARIANTS, PRODUCTS, type ProductTemplate } from './dutch-data.ts';
import type { Random } from './random.ts';
import { VAT_CODES } from './reference-data.ts';

interface ArticleCore {
  code: string;
  template: ProductTemplate;
  description: string;
  /** Sales price in cents. */
  priceCents: number;
}

/** The first draws of an article's stream: what order lines need to know about article k. */
function drawArticle(r: Random, index: number): ArticleCore {
  const template = r.pick(PRODUCTS);
  const variant = template.stock && r.chance(0.7) ? r.pick(PRODUCT_VARIANTS) : null;
  const price = template.minPrice + (template.maxPrice - template.minPrice) * r.next();
  const prefix = template.group.slice(0, 3);
  return {
    code: `${prefix}-${String(index + 1).padStart(6, '0')}`,
    template,
    description: variant === null ? template.name : `${template.name} ${variant}`,
    // Prices end in .95 or .00 above 20 euro, like price lists do.
    priceCents: price >= 20 ? Math.round(price) * 100 - (r.chance(0.5) ? 5 : 0) : Math.round(price * 100),
  };
}

const VAT_RATE: Record<ProductTemplate['vat'], number> = { HOOG: 21, LAAG: 9, NUL: 0 };

/** The VAT codes; draws nothing. */
export function addVatCodes(run: DemoRun): void {
  const { sink } = run;
  VAT_CODES.forEach((v, i) => {
    sink.add('fb_vat_code', {
      id: i + 1,
      vat_code: v.code,
      description: v.description,
      account_no: v.account,
      percentage: v.percentage,
      vat_duty: '1',
      blocked: v.blocked,
      method: v.method,
      vat_type: v.type,
    });
  });
}

export function* articles(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng } = run;
  for (let k = 0; k < run.counts.articles; k++) {
    rng.reseed(run.seed, K_ARTICLE, k);
    const a = drawArticle(rng, k);
    const t = a.template;
    const created = run.momentOn(run.nowDay - rng.int(8 * 365));
    const costCents = Math.round(a.priceCents * (0.55 + rng.next() * 0.2));
    const row: DemoRow = {
      id: k + 1,
      item_code: a.code,
      description: a.description,
      extra_description: run.maybe(0.2, () =>
        rng.pick(['Levertijd 2-3 werkdagen', 'Op voorraad', 'Uitlopend artikel']),
      ),
      unit_id: t.unit,
      price_factor: 1,
      article_group: t.group,
      blocked: rng.chance(0.03),
      barcode_type: t.stock ? '3' : '0',
      barcode: t.stock ? ean13WithPrefix(k) : null,
      vat_rate_group: t.vat,
      item_type: '0',
      sub_item_type: '0',
      track_stock: t.stock,
      quantity_decimals: t.unit === 'kg' || t.unit === 'l' || t.unit === 'uur' ? 2 : 0,
      price_group: rng.chance(0.3) ? 'STAFFEL' : null,
      stock_check: t.stock ? '0' : '3',
      dimension_1: null,
      dimension_2: null,
      sales_price: a.priceCents / 100,
      cost_price: costCents / 100,
      purchase_price: t.stock ? costCents / 100 : null,
      weight_unit: t.stock ? '4' : '0',
      net_weight: t.stock ? Math.round(rng.next() * 25_000) / 1000 : null,
      remark: run.maybe(0.05, () => 'Artikel wordt per doos van 10 geleverd.'),
    };
    sink.add('fb_article', run.stamp(row, created, SYSTEM_USERS[4]!));
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}

/** An EAN-13 in the Dutch GS1 range (871), unique per article index. */
function ean13WithPrefix(index: number): string {
  const twelve = `871${String(index).padStart(9, '0')}`;
  return `${twelve}${ean13CheckDigit(twelve)}`;
}

export function* salesOrders(run: DemoRun): Generator<DemoBatch> {
  const { sink, rng, side, nowDay, counts } = run;
  let lineId = 1;
  const lines: DemoRow[] = [];
  const by = SYSTEM_USERS[4]!;
  for (let j = 0; j < counts.salesOrders; j++) {
    rng.reseed(run.seed, K_ORDER, j);
    const orderDay = nowDay - Math.floor(rng.next() ** 1.5 * 3 * 365);
    const age = nowDay - orderDay;
    const s = rng.next();
    const status =
      age > 30
        ? s < 0.85
          ? 'Gefactureerd'
          : s < 0.95
            ? 'Geleverd'
            : 'Geannuleerd'
        : s < 0.5
          ? 'Open'
          : s < 0.8
            ? 'Geleverd'
            : 'Gefactureerd';
    const lineStatus = status === 'Open' ? 'O' : status === 'Geleverd' ? 'G' : status === 'Gefactureerd' ? 'F' : 'X';
    const orderNumber = String(j + 1).padStart(8, '0');
    const created = run.momentOn(orderDay);
    const invoiceDiscountPct = rng.chance(0.05) ? 2 : 0;

    let gross = 0;
    let vat = 0;
    let invoiceDiscount = 0;
    let quantity = 0;
    const lineCount = rng.between(1, 5);
    lines.length = 0;
    for (let seq = 1; seq <= lineCount; seq++) {
      const articleIndex = rng.int(counts.articles);
      const article = drawArticle(side.reseed(run.seed, K_ARTICLE, articleIndex), articleIndex);
      const t = article.template;
      const qty = t.unit === 'kg' || t.unit === 'l' || t.unit === 'uur' ? rng.between(2, 80) / 2 : rng.between(1, 20);
      const discountPct = rng.chance(0.1) ? rng.pick([5, 10, 15]) : 0;
      const lineGross = Math.round(qty * article.priceCents);
      const lineDiscount = Math.round((lineGross * discountPct) / 100);
      const lineNet = lineGross - lineDiscount;
      const lineInvoiceDiscount = Math.round((lineNet * invoiceDiscountPct) / 100);
      gross += lineNet;
      invoiceDiscount += lineInvoiceDiscount;
      vat += Math.round(((lineNet - lineInvoiceDiscount) * VAT_RATE[t.vat]) / 100);
      quantity += qty;
      lines.push(
        run.stamp(
          {
            id: lineId++,
            order_number: orderNumber,
            seq_no: seq,
            line_status: lineStatus,
            guid: `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`,
            item_type: '2',
            item_code: article.code,
            description: article.description,
            vat_rate_group: t.vat,
            unit_id: t.unit,
            quantity_units: qty,
            quantity: qty,
            price_per_unit: article.priceCents / 100,
            cost_price: cents(article.priceCents * 0.65),
            line_discount_percentage: discountPct,
            line_discount_amount: lineDiscount / 100,
            price_net: cents((article.priceCents * (100 - discountPct)) / 100),
            amount_total: lineNet / 100,
            delivery_date: rng.chance(0.1) ? dateValue(orderDay + rng.between(3, 30)) : null,
            remark: null,
          },
          created,
          by,
        ),
      );
    }
    const total = gross - invoiceDiscount;
    const order: DemoRow = {
      id: j + 1,
      order_number: orderNumber,
      order_type: rng.chance(0.9) ? 'O' : rng.pick(['I', 'S']),
      order_date: dateValue(orderDay),
      debtor_id: orgDebtorCode(rng.int(counts.organisations)),
      invoice_to: null,
      delivery_date: rng.chance(0.7) ? dateValue(orderDay + rng.between(1, 14)) : null,
      currency_id: 'EUR',
      customer_reference: run.maybe(0.6, () =>
        rng.chance(0.5) ? `PO-${rng.digits(6)}` : `Inkooporder ${rng.digits(5)}`,
      ),
      sales_channel: rng.chance(0.2) ? '1' : null,
      vat_duty: '1',
      price_incl_vat: false,
      payment_condition: rng.pick(['14', '30', '30', '60']),
      remark: run.maybe(0.05, () => 'Graag leveren via de achteringang.'),
      admin_id: 1 + rng.int(counts.administrations),
      warehouse: 'HOOFD',
      status,
      gross_amount: gross / 100,
      invoice_discount: invoiceDiscount / 100,
      total_amount: total / 100,
      vat_amount: vat / 100,
      total_quantity: Math.round(quantity * 100) / 100,
      invoice_total: (total + vat) / 100,
    };
    sink.add('fb_sales_order', run.stamp(order, created, by));
    for (const line of lines) sink.add('fb_sales_order_line', line);
    yield* sink.flushFull();
  }
  yield* sink.flushAll();
}
