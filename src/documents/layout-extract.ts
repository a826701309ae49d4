/**
 * The layout extractor for invoices, packing lists and bills of lading: header fields, parties
 * and tables read by geometry from positioned words (see layout.ts), with the label dictionary as
 * data. One reader per document type; what they share is in layout-common.ts.
 */
export type { LayoutEnv } from "./layout-common.ts";
export { layoutBillOfLading } from "./layout-bill-of-lading.ts";
export { layoutInvoice } from "./layout-invoice.ts";
export { layoutPackingList } from "./layout-packing-list.ts";
