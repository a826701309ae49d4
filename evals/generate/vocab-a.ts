/**
 * Vocabulary of the development generator (evals/generate/generate-docs.ts): companies, places,
 * goods and the printed labels per language. The held-apart generator has its own vocabulary, so
 * nothing tuned on these words leaks into the honest measure.
 */

export interface Company { name: string; lines: string[]; country: string; city: string }
export interface Good { description: string; hts: string; unit: "PCS" | "DZ" | "KG" | "PRS" | "SETS" | "M"; price: [number, number] }

export const COMPANIES: Company[] = [
  { name: "Saigon Garment Export Co., Ltd.", lines: ["Lot 7, Tan Binh Industrial Park", "Ho Chi Minh City, Vietnam"], country: "VN", city: "Ho Chi Minh City" },
  { name: "Ningbo Bright Home Products Co., Ltd.", lines: ["88 Jiangnan Road, Yinzhou District", "Ningbo 315100, China"], country: "CN", city: "Ningbo" },
  { name: "Textilwerk Albrecht GmbH", lines: ["Industriestrasse 14", "72070 Tübingen, Germany"], country: "DE", city: "Tübingen" },
  { name: "Calzados Levante S.L.", lines: ["Calle del Marqués 22", "03600 Elda, Spain"], country: "ES", city: "Elda" },
  { name: "Manufacture Durand SARL", lines: ["12 rue des Tanneurs", "69002 Lyon, France"], country: "FR", city: "Lyon" },
  { name: "Dhaka Knit Composite Ltd.", lines: ["Plot 45, Ashulia Road, Savar", "Dhaka 1340, Bangladesh"], country: "BD", city: "Dhaka" },
  { name: "Anatolia Home Textile A.S.", lines: ["Organize Sanayi Bolgesi 3. Cadde No 9", "Denizli, Turkey"], country: "TR", city: "Denizli" },
  { name: "Pune Precision Castings Pvt. Ltd.", lines: ["Plot B-12, MIDC Chakan", "Pune 410501, India"], country: "IN", city: "Pune" },
  { name: "Bangkok Ceramic Ware Co., Ltd.", lines: ["55 Moo 4, Bangna-Trad Road", "Samut Prakan 10540, Thailand"], country: "TH", city: "Samut Prakan" },
  { name: "Taipei Cycle Components Corp.", lines: ["No. 18, Lane 220, Section 2", "Taichung 40768, Taiwan"], country: "TW", city: "Taichung" },
];

export const BUYERS: Company[] = [
  { name: "Harborline Apparel Inc.", lines: ["1450 Harbor Blvd, Suite 200", "Long Beach, CA 90802, USA"], country: "US", city: "Long Beach" },
  { name: "Great Lakes Home Goods LLC", lines: ["700 W Lake Street", "Chicago, IL 60661, USA"], country: "US", city: "Chicago" },
  { name: "Atlantic Footwear Distributors Corp.", lines: ["22 Commerce Drive", "Newark, NJ 07114, USA"], country: "US", city: "Newark" },
  { name: "Sierra Outdoor Supply Co.", lines: ["3100 Industrial Way", "Reno, NV 89502, USA"], country: "US", city: "Reno" },
  { name: "Bayou Kitchenware Inc.", lines: ["501 Poydras Street", "New Orleans, LA 70130, USA"], country: "US", city: "New Orleans" },
  { name: "Evergreen Cycle Imports LLC", lines: ["8800 NE Airport Way", "Portland, OR 97220, USA"], country: "US", city: "Portland" },
];

export const GOODS: Good[] = [
  { description: "Men's knitted pullover, 60% cotton 40% polyester", hts: "6110.20.2079", unit: "DZ", price: [40, 95] },
  { description: "Women's woven blouse, 100% polyester", hts: "6206.40.3030", unit: "PCS", price: [4, 12] },
  { description: "Cotton bath towel 70x140 cm, 500 g/m2", hts: "6302.60.0020", unit: "PCS", price: [2, 6] },
  { description: "Leather upper sports shoes, rubber sole", hts: "6403.99.9065", unit: "PRS", price: [12, 30] },
  { description: "Stainless steel cooking pot 24 cm, 18/10 steel", hts: "7323.93.0080", unit: "PCS", price: [5, 14] },
  { description: "Porcelain dinner plate 27 cm", hts: "6911.10.3810", unit: "DZ", price: [18, 40] },
  { description: "Bicycle rear derailleur, 11-speed", hts: "8714.99.8000", unit: "SETS", price: [9, 25] },
  { description: "Grey iron castings, pump housing 12 kg", hts: "7325.10.0080", unit: "KG", price: [1, 3] },
  { description: "Children's cotton T-shirt, 95% cotton 5% elastane", hts: "6109.10.0012", unit: "DZ", price: [20, 45] },
  { description: "Polyester fleece blanket 150x200 cm", hts: "6301.40.0020", unit: "PCS", price: [3, 9] },
  { description: "Woven fabric, 65% polyester 35% cotton, width 150 cm", hts: "5513.21.0040", unit: "M", price: [1, 4] },
  { description: "LED desk lamp with USB charging port, 5 W", hts: "9405.21.8000", unit: "PCS", price: [6, 15] },
  { description: "Wool blend scarf, 70% wool 30% acrylic", hts: "6117.10.2030", unit: "PCS", price: [3, 8] },
  { description: "Ceramic coffee mug 350 ml, glazed", hts: "6912.00.4810", unit: "DZ", price: [10, 22] },
];

export type Lang = "en" | "de" | "es" | "fr" | "zh";

/** Printed labels per language (the generator's own wording). */
export const L: Record<Lang, Record<string, string[]>> = {
  en: {
    title: ["COMMERCIAL INVOICE", "INVOICE"], plTitle: ["PACKING LIST"],
    seller: ["Seller", "Exporter", "Shipper", "From"], buyer: ["Sold to", "Bill to", "Consignee", "Messrs.", "Buyer"],
    invNo: ["Invoice No.", "Invoice Number", "Inv. No."], date: ["Date", "Invoice Date"], currency: ["Currency"],
    terms: ["Terms of Delivery", "Incoterms"], origin: ["Country of origin", "Origin of goods"], madeIn: ["Made in"],
    desc: ["Description of Goods", "Description"], qty: ["Quantity", "QTY"], price: ["Unit Price", "U/PRICE"], amount: ["Amount", "Total"],
    hts: ["HS Code", "HTS"], no: ["No.", "Item"], subtotal: ["Subtotal"], freight: ["Freight"], total: ["Total", "Total Amount"],
    plNo: ["Packing List No.", "P/L No."], invRef: ["Invoice No.", "Invoice Ref."], cartons: ["Cartons", "CTNS"], nw: ["N.W.", "Net Weight"], gw: ["G.W.", "Gross Weight"], cbm: ["CBM", "Volume"],
  },
  de: {
    title: ["HANDELSRECHNUNG", "RECHNUNG"], plTitle: ["PACKLISTE"],
    seller: ["Verkäufer", "Absender"], buyer: ["Käufer", "Rechnungsempfänger", "Empfänger"],
    invNo: ["Rechnungsnummer", "Rechnung Nr."], date: ["Datum", "Rechnungsdatum"], currency: ["Währung"],
    terms: ["Lieferbedingungen"], origin: ["Ursprungsland"], madeIn: ["Made in"],
    desc: ["Warenbezeichnung", "Beschreibung"], qty: ["Menge"], price: ["Einzelpreis"], amount: ["Betrag", "Gesamtpreis"],
    hts: ["Zolltarifnummer"], no: ["Pos."], subtotal: ["Zwischensumme"], freight: ["Fracht"], total: ["Gesamtbetrag", "Summe"],
    plNo: ["Packliste Nr."], invRef: ["Rechnung Nr."], cartons: ["Kartons"], nw: ["Nettogewicht"], gw: ["Bruttogewicht"], cbm: ["Volumen"],
  },
  es: {
    title: ["FACTURA COMERCIAL"], plTitle: ["LISTA DE EMPAQUE"],
    seller: ["Vendedor", "Exportador"], buyer: ["Comprador", "Cliente", "Consignatario"],
    invNo: ["Factura N°", "Número de factura"], date: ["Fecha"], currency: ["Moneda"],
    terms: ["Condiciones de entrega", "Incoterms"], origin: ["País de origen"], madeIn: ["Hecho en"],
    desc: ["Descripción"], qty: ["Cantidad"], price: ["Precio unitario"], amount: ["Importe"],
    hts: ["Partida arancelaria"], no: ["N°"], subtotal: ["Subtotal"], freight: ["Flete"], total: ["Total"],
    plNo: ["Lista de empaque N°"], invRef: ["Factura N°"], cartons: ["Cajas"], nw: ["Peso neto"], gw: ["Peso bruto"], cbm: ["Volumen"],
  },
  fr: {
    title: ["FACTURE COMMERCIALE"], plTitle: ["LISTE DE COLISAGE"],
    seller: ["Vendeur", "Expéditeur"], buyer: ["Acheteur", "Client", "Destinataire"],
    invNo: ["Facture N°", "Numéro de facture"], date: ["Date"], currency: ["Devise"],
    terms: ["Conditions de livraison", "Incoterms"], origin: ["Pays d'origine"], madeIn: ["Fabriqué en"],
    desc: ["Désignation"], qty: ["Quantité"], price: ["Prix unitaire"], amount: ["Montant"],
    hts: ["Code SH"], no: ["N°"], subtotal: ["Sous-total"], freight: ["Fret"], total: ["Total"],
    plNo: ["Liste de colisage N°"], invRef: ["Facture N°"], cartons: ["Colis"], nw: ["Poids net"], gw: ["Poids brut"], cbm: ["Volume"],
  },
  zh: {
    title: ["商业发票 COMMERCIAL INVOICE"], plTitle: ["装箱单 PACKING LIST"],
    seller: ["卖方 Seller", "出口商 Exporter"], buyer: ["买方 Buyer", "收货人 Consignee"],
    invNo: ["发票号 Invoice No."], date: ["日期 Date"], currency: ["币种 Currency"],
    terms: ["价格条款 Terms"], origin: ["原产地 Origin"], madeIn: ["Made in"],
    desc: ["品名 Description"], qty: ["数量 Qty"], price: ["单价 Unit Price"], amount: ["金额 Amount"],
    hts: ["HS编码 HS Code"], no: ["序号 No."], subtotal: ["小计 Subtotal"], freight: ["运费 Freight"], total: ["总计 Total"],
    plNo: ["装箱单号 P/L No."], invRef: ["发票号 Invoice No."], cartons: ["箱数 CTNS"], nw: ["净重 N.W."], gw: ["毛重 G.W."], cbm: ["体积 CBM"],
  },
};

/** Local names of countries as each language prints them in an origin statement. */
export const COUNTRY_NAME: Record<Lang, Record<string, string>> = {
  en: { VN: "Vietnam", CN: "China", DE: "Germany", ES: "Spain", FR: "France", BD: "Bangladesh", TR: "Turkey", IN: "India", TH: "Thailand", TW: "Taiwan" },
  de: { VN: "Vietnam", CN: "China", DE: "Deutschland", ES: "Spanien", FR: "Frankreich", BD: "Bangladesch", TR: "Türkei", IN: "Indien", TH: "Thailand", TW: "Taiwan" },
  es: { VN: "Vietnam", CN: "China", DE: "Alemania", ES: "España", FR: "Francia", BD: "Bangladés", TR: "Turquía", IN: "India", TH: "Tailandia", TW: "Taiwán" },
  fr: { VN: "Vietnam", CN: "Chine", DE: "Allemagne", ES: "Espagne", FR: "France", BD: "Bangladesh", TR: "Turquie", IN: "Inde", TH: "Thaïlande", TW: "Taïwan" },
  zh: { VN: "Vietnam", CN: "China", DE: "Germany", ES: "Spain", FR: "France", BD: "Bangladesh", TR: "Turkey", IN: "India", TH: "Thailand", TW: "Taiwan" },
};

export const PORTS = [
  ["Cai Mep", "VN"], ["Shanghai", "CN"], ["Ningbo", "CN"], ["Hamburg", "DE"], ["Valencia", "ES"], ["Le Havre", "FR"], ["Chittagong", "BD"], ["Izmir", "TR"], ["Nhava Sheva", "IN"], ["Laem Chabang", "TH"], ["Kaohsiung", "TW"],
] as const;
export const US_PORTS = ["Los Angeles", "Long Beach", "New York", "Savannah", "Houston", "Seattle", "Oakland", "Norfolk"];
export const CARRIERS = [["Maersk A/S", "MAEU"], ["Mediterranean Shipping Company", "MSCU"], ["CMA CGM", "CMDU"], ["Hapag-Lloyd AG", "HLCU"], ["Evergreen Marine Corp.", "EGLV"], ["COSCO Shipping Lines", "COSU"]] as const;
export const VESSELS = ["MAERSK ESSEX", "MSC ANNA", "CMA CGM TROCADERO", "BERLIN EXPRESS", "EVER GIVEN", "COSCO PRIDE"];
