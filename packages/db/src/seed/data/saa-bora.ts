import type { SeedStore } from '../types';

/**
 * Saa Bora: a watch shop in the CBD (demo data, made-up numbers).
 * Prices are integer KES, VAT inclusive, pitched at 2026 Nairobi retail.
 */
export const saaBora: SeedStore = {
  slug: 'saa-bora',
  name: 'Saa Bora',
  vertical: 'watches',
  tagline: 'Saa nzuri kwa kila mkono: genuine watches, fair prices',
  whatsappNumber: '254722619047',
  location: 'Kimathi Street, Nairobi CBD',
  mpesa: { kind: 'paybill', shortcode: '4123456' },
  returnPolicy:
    'Exchange or refund within 7 days if the watch is unworn, with tags and the original box. Free strap sizing and link removal in the shop.',
  categories: [
    { slug: 'mens-watches', name: "Men's Watches" },
    { slug: 'ladies-watches', name: "Ladies' Watches" },
    { slug: 'smartwatches', name: 'Smartwatches & Bands' },
    { slug: 'kids-watches', name: 'Kids Watches' },
    { slug: 'straps-accessories', name: 'Straps & Accessories' },
  ],
  products: [
    // ---------------------------------------------------------------- Men's: Casio G-Shock
    {
      slug: 'casio-g-shock-ga-2100',
      title: 'Casio G-Shock GA-2100 "CasiOak"',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Slim octagonal G-Shock with carbon core guard, analogue-digital display and 200m water resistance. 2-year shop warranty; comes in the original tin.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-GA2100-1A1', options: { Colour: 'All Black' }, priceKes: 16499, stock: 8 },
        { sku: 'CAS-GA2100-7A', options: { Colour: 'White' }, priceKes: 16499, stock: 4 },
        { sku: 'CAS-GA2100-3A', options: { Colour: 'Olive Green' }, priceKes: 16499, compareAtKes: 17999, stock: 3 },
      ],
      image: { motif: 'watch', background: '#ecefe6', accent: '#1c1c1c' },
    },
    {
      slug: 'casio-g-shock-dw-5600e',
      title: 'Casio G-Shock DW-5600E',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'The classic square G-Shock: shock resistant, 200m water resistant, stopwatch and backlight. 2-year shop warranty.',
      optionNames: [],
      variants: [{ sku: 'CAS-DW5600E-1V', options: {}, priceKes: 9999, stock: 12 }],
      image: { motif: 'watch', background: '#e8e8e8', accent: '#222222' },
    },
    {
      slug: 'casio-g-shock-ga-b2100-solar',
      title: 'Casio G-Shock GA-B2100 Solar Bluetooth',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Tough Solar CasiOak that never needs a battery change, with Bluetooth time sync to your phone. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-GAB2100-1A', options: { Colour: 'Black' }, priceKes: 22999, stock: 4 },
        { sku: 'CAS-GAB2100-2A', options: { Colour: 'Navy Blue' }, priceKes: 22999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#e3e9f3', accent: '#1b2f57' },
    },
    {
      slug: 'casio-g-shock-gm-2100-metal',
      title: 'Casio G-Shock GM-2100 Metal Bezel',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'CasiOak with a stainless steel bezel for a dressier look, still fully shock and 200m water resistant. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-GM2100-1A', options: { Colour: 'Silver / Black' }, priceKes: 27499, stock: 3 },
        { sku: 'CAS-GM2100B-3A', options: { Colour: 'Black / Green' }, priceKes: 29999, stock: 1 },
      ],
      image: { motif: 'watch', background: '#eef0f0', accent: '#5f6b6d' },
    },
    {
      slug: 'casio-g-shock-ga-700',
      title: 'Casio G-Shock GA-700',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Big, bold analogue-digital G-Shock with world time, alarms and a bright LED light. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-GA700-1B', options: { Colour: 'Black' }, priceKes: 12999, stock: 7 },
        { sku: 'CAS-GA700-4A', options: { Colour: 'Red' }, priceKes: 12999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#fbe6e4', accent: '#b3261e' },
    },
    // ---------------------------------------------------------------- Men's: Casio Edifice & classics
    {
      slug: 'casio-edifice-efr-526d',
      title: 'Casio Edifice EFR-526D Chronograph',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Stainless steel chronograph with tachymeter bezel, date window and 100m water resistance. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-EFR526D-1A', options: { Colour: 'Black Dial' }, priceKes: 14999, stock: 6 },
        { sku: 'CAS-EFR526D-2A', options: { Colour: 'Blue Dial' }, priceKes: 14999, compareAtKes: 16499, stock: 4 },
      ],
      image: { motif: 'watch', background: '#e6ecf4', accent: '#22406e' },
    },
    {
      slug: 'casio-edifice-efv-100d',
      title: 'Casio Edifice EFV-100D',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Clean three-hand steel watch with date, 100m water resistance and a 10-year battery. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-EFV100D-1A', options: { Colour: 'Black Dial' }, priceKes: 9499, stock: 5 },
        { sku: 'CAS-EFV100D-2A', options: { Colour: 'Blue Dial' }, priceKes: 9499, stock: 5 },
      ],
      image: { motif: 'watch', background: '#e9eef2', accent: '#2d4a63' },
    },
    {
      slug: 'casio-mtp-v002',
      title: 'Casio MTP-V002 Classic',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Simple office watch with a clear dial and date, on leather or steel. 1-year shop warranty.',
      optionNames: ['Strap', 'Colour'],
      variants: [
        { sku: 'CAS-MTPV002L-1B', options: { Strap: 'Leather', Colour: 'Black' }, priceKes: 3999, stock: 10 },
        { sku: 'CAS-MTPV002L-7B', options: { Strap: 'Leather', Colour: 'Brown / White Dial' }, priceKes: 3999, stock: 6 },
        { sku: 'CAS-MTPV002D-1B', options: { Strap: 'Stainless Steel', Colour: 'Black' }, priceKes: 4999, stock: 8 },
        { sku: 'CAS-MTPV002D-7B', options: { Strap: 'Stainless Steel', Colour: 'White Dial' }, priceKes: 4999, stock: 0 },
      ],
      image: { motif: 'watch', background: '#f3ece3', accent: '#6d4c2f' },
    },
    {
      slug: 'casio-mtp-1374d',
      title: 'Casio MTP-1374D Multi-Dial',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Steel bracelet watch with day, date and 24-hour sub-dials, 50m water resistance. 1-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-MTP1374D-1A', options: { Colour: 'Black Dial' }, priceKes: 7499, stock: 6 },
        { sku: 'CAS-MTP1374D-2A', options: { Colour: 'Blue Dial' }, priceKes: 7499, stock: 3 },
      ],
      image: { motif: 'watch', background: '#e7edf3', accent: '#274060' },
    },
    {
      slug: 'casio-f-91w',
      title: 'Casio F-91W Digital',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'The legendary light digital watch with alarm, stopwatch and about 7 years of battery. 1-year shop warranty.',
      optionNames: [],
      variants: [{ sku: 'CAS-F91W-1', options: {}, priceKes: 1999, stock: 25 }],
      image: { motif: 'watch', background: '#eeeeee', accent: '#303030' },
    },
    {
      slug: 'casio-a158wa-vintage',
      title: 'Casio A158WA Vintage Digital',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Retro steel-look digital watch with alarm, stopwatch and backlight; unisex sizing. 1-year shop warranty.',
      optionNames: [],
      variants: [{ sku: 'CAS-A158WA-1', options: {}, priceKes: 3499, stock: 15 }],
      image: { motif: 'watch', background: '#eff2f4', accent: '#8a949b' },
    },
    {
      slug: 'casio-a168wg-gold',
      title: 'Casio A168WG Gold Vintage',
      brand: 'Casio',
      categorySlug: 'mens-watches',
      description:
        'Gold-tone vintage digital with illuminator light and adjustable mesh-style bracelet. 1-year shop warranty.',
      optionNames: [],
      variants: [{ sku: 'CAS-A168WG-9', options: {}, priceKes: 5999, compareAtKes: 6799, stock: 9 }],
      image: { motif: 'watch', background: '#fbf3dc', accent: '#b8860b' },
    },
    // ---------------------------------------------------------------- Men's: Citizen, Seiko
    {
      slug: 'citizen-eco-drive-bm7100',
      title: 'Citizen Eco-Drive BM7100',
      brand: 'Citizen',
      categorySlug: 'mens-watches',
      description:
        'Light-powered Eco-Drive that runs for months on a full charge, with sapphire-look crystal and date. 2-year shop warranty.',
      optionNames: ['Strap'],
      variants: [
        { sku: 'CIT-BM7100-59E', options: { Strap: 'Stainless Steel' }, priceKes: 24999, stock: 4 },
        { sku: 'CIT-BM7100-16L', options: { Strap: 'Leather' }, priceKes: 22999, stock: 3 },
      ],
      image: { motif: 'watch', background: '#eaf0ea', accent: '#2f4f3a' },
    },
    {
      slug: 'citizen-promaster-diver-bn0150',
      title: 'Citizen Promaster Diver BN0150',
      brand: 'Citizen',
      categorySlug: 'mens-watches',
      description:
        'ISO-rated 200m Eco-Drive diver with rotating bezel and rubber strap. 2-year shop warranty; original box and papers.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CIT-BN0150-28E', options: { Colour: 'Black' }, priceKes: 39999, stock: 2 },
        { sku: 'CIT-BN0151-17L', options: { Colour: 'Blue' }, priceKes: 39999, compareAtKes: 43999, stock: 1 },
      ],
      image: { motif: 'watch', background: '#e2eef6', accent: '#0d4f7a' },
    },
    {
      slug: 'seiko-5-sports-automatic',
      title: 'Seiko 5 Sports Automatic',
      brand: 'Seiko',
      categorySlug: 'mens-watches',
      description:
        'Self-winding automatic with day-date, see-through caseback and 100m water resistance. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SEI-SRPD55K1', options: { Colour: 'Black Dial, Steel' }, priceKes: 38499, stock: 3 },
        { sku: 'SEI-SRPD51K1', options: { Colour: 'Blue Dial, Steel' }, priceKes: 38499, stock: 2 },
        { sku: 'SEI-SRPD63K1', options: { Colour: 'Green Dial, Nylon' }, priceKes: 34999, stock: 0 },
      ],
      image: { motif: 'watch', background: '#e8eef7', accent: '#1d3d74' },
    },
    {
      slug: 'seiko-presage-cocktail-time',
      title: 'Seiko Presage Cocktail Time',
      brand: 'Seiko',
      categorySlug: 'mens-watches',
      description:
        'Dress automatic with the famous textured "cocktail" dial and a leather strap. 2-year shop warranty; original box.',
      optionNames: [],
      variants: [{ sku: 'SEI-SRPB43J1', options: {}, priceKes: 64999, stock: 1 }],
      image: { motif: 'watch', background: '#e4eff5', accent: '#4a7a96' },
    },
    // ---------------------------------------------------------------- Men's: Curren, Naviforce, Skmei
    {
      slug: 'curren-8023-steel',
      title: 'Curren 8023 Steel Watch',
      brand: 'Curren',
      categorySlug: 'mens-watches',
      description:
        'Affordable steel-bracelet quartz with date and a bold dial. 3-month shop warranty; free link removal.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CUR-8023-BLK', options: { Colour: 'Black' }, priceKes: 2799, stock: 18 },
        { sku: 'CUR-8023-SLV', options: { Colour: 'Silver' }, priceKes: 2799, stock: 12 },
        { sku: 'CUR-8023-GLD', options: { Colour: 'Gold' }, priceKes: 2999, stock: 7 },
      ],
      image: { motif: 'watch', background: '#f2efe8', accent: '#4a4034' },
    },
    {
      slug: 'curren-8291-leather-chrono',
      title: 'Curren 8291 Leather Chronograph',
      brand: 'Curren',
      categorySlug: 'mens-watches',
      description:
        'Chronograph-style quartz on a genuine leather strap, splash resistant. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CUR-8291-BRN', options: { Colour: 'Brown' }, priceKes: 3199, stock: 10 },
        { sku: 'CUR-8291-BLK', options: { Colour: 'Black' }, priceKes: 3199, stock: 8 },
      ],
      image: { motif: 'watch', background: '#f5ebe0', accent: '#7b4a24' },
    },
    {
      slug: 'naviforce-nf9163',
      title: 'Naviforce NF9163 Chronograph',
      brand: 'Naviforce',
      categorySlug: 'mens-watches',
      description:
        'Sporty steel chronograph with luminous hands and date, 30m water resistant. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NAV-9163-BLK', options: { Colour: 'Black' }, priceKes: 3499, stock: 14 },
        { sku: 'NAV-9163-BLU', options: { Colour: 'Silver / Blue' }, priceKes: 3499, stock: 9 },
        { sku: 'NAV-9163-RGD', options: { Colour: 'Rose Gold' }, priceKes: 3699, compareAtKes: 3999, stock: 5 },
      ],
      image: { motif: 'watch', background: '#e9eaf5', accent: '#2a2f6e' },
    },
    {
      slug: 'naviforce-nf9197-dual-time',
      title: 'Naviforce NF9197 Dual Time',
      brand: 'Naviforce',
      categorySlug: 'mens-watches',
      description:
        'Analogue plus digital display with alarm and backlight on a silicone strap. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NAV-9197-BLK', options: { Colour: 'Black' }, priceKes: 3299, stock: 11 },
        { sku: 'NAV-9197-GRN', options: { Colour: 'Army Green' }, priceKes: 3299, stock: 6 },
      ],
      image: { motif: 'watch', background: '#eaf0e2', accent: '#4b5d2a' },
    },
    {
      slug: 'skmei-1251-sport-digital',
      title: 'Skmei 1251 Sport Digital',
      brand: 'Skmei',
      categorySlug: 'mens-watches',
      description:
        'Tough budget digital with alarm, stopwatch, backlight and 50m water resistance. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SKM-1251-BLK', options: { Colour: 'Black' }, priceKes: 1799, stock: 24 },
        { sku: 'SKM-1251-CAM', options: { Colour: 'Camo Green' }, priceKes: 1799, stock: 10 },
      ],
      image: { motif: 'watch', background: '#e4ebdf', accent: '#39482a' },
    },
    // ---------------------------------------------------------------- Men's: fashion brands
    {
      slug: 'fossil-grant-chronograph',
      title: 'Fossil Grant Chronograph',
      brand: 'Fossil',
      categorySlug: 'mens-watches',
      description:
        '44mm Roman-numeral chronograph on a brown leather strap. 2-year shop warranty; Fossil gift tin included.',
      optionNames: [],
      variants: [{ sku: 'FOS-FS4735', options: {}, priceKes: 18999, compareAtKes: 21999, stock: 4 }],
      image: { motif: 'watch', background: '#f4ece2', accent: '#6b4226' },
    },
    {
      slug: 'fossil-neutra-chronograph',
      title: 'Fossil Neutra Chronograph',
      brand: 'Fossil',
      categorySlug: 'mens-watches',
      description:
        'Minimalist 44mm chronograph with a slim case, 50m water resistant. 2-year shop warranty.',
      optionNames: ['Strap'],
      variants: [
        { sku: 'FOS-FS5380', options: { Strap: 'Leather' }, priceKes: 19999, stock: 3 },
        { sku: 'FOS-FS5384', options: { Strap: 'Stainless Steel' }, priceKes: 22999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#efe9e1', accent: '#3b3026' },
    },
    {
      slug: 'tommy-hilfiger-decker',
      title: 'Tommy Hilfiger Decker',
      brand: 'Tommy Hilfiger',
      categorySlug: 'mens-watches',
      description:
        'Multi-function steel watch with day and 24-hour dials and the signature red-white-blue accents. 2-year shop warranty; branded box.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'TH-1791348', options: { Colour: 'Navy / Steel' }, priceKes: 21999, stock: 3 },
        { sku: 'TH-1791349', options: { Colour: 'Black / Steel' }, priceKes: 21999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#e6eaf3', accent: '#0b1f4b' },
    },
    // ---------------------------------------------------------------- Ladies
    {
      slug: 'casio-ltp-v005',
      title: 'Casio LTP-V005 Ladies Classic',
      brand: 'Casio',
      categorySlug: 'ladies-watches',
      description:
        'Slim, light ladies watch with a clear dial for work and everyday wear. 1-year shop warranty.',
      optionNames: ['Strap', 'Colour'],
      variants: [
        { sku: 'CAS-LTPV005L-7B', options: { Strap: 'Leather', Colour: 'White Dial, Black Strap' }, priceKes: 3999, stock: 9 },
        { sku: 'CAS-LTPV005D-7B', options: { Strap: 'Stainless Steel', Colour: 'Silver' }, priceKes: 4499, stock: 7 },
        { sku: 'CAS-LTPV005G-9B', options: { Strap: 'Stainless Steel', Colour: 'Gold' }, priceKes: 5499, stock: 4 },
      ],
      image: { motif: 'watch', background: '#fbeef0', accent: '#9e4a5c' },
    },
    {
      slug: 'casio-la670wga-vintage-gold',
      title: 'Casio LA670WGA Vintage Gold',
      brand: 'Casio',
      categorySlug: 'ladies-watches',
      description:
        'Petite gold-tone vintage digital with light, alarm and stopwatch. 1-year shop warranty.',
      optionNames: [],
      variants: [{ sku: 'CAS-LA670WGA-9', options: {}, priceKes: 6499, stock: 8 }],
      image: { motif: 'watch', background: '#fcf3dd', accent: '#c29a2e' },
    },
    {
      slug: 'casio-baby-g-ba-110',
      title: 'Casio Baby-G BA-110',
      brand: 'Casio',
      categorySlug: 'ladies-watches',
      description:
        'Shock-resistant Baby-G with 100m water resistance, world time and LED light. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-BA110-7A3', options: { Colour: 'White' }, priceKes: 13499, stock: 4 },
        { sku: 'CAS-BA110-4A1', options: { Colour: 'Pink' }, priceKes: 13499, stock: 3 },
        { sku: 'CAS-BA110-1A', options: { Colour: 'Black / Rose Gold' }, priceKes: 13999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#fde6ef', accent: '#c2185b' },
    },
    {
      slug: 'citizen-eco-drive-ladies-silhouette',
      title: 'Citizen Eco-Drive Ladies Silhouette',
      brand: 'Citizen',
      categorySlug: 'ladies-watches',
      description:
        'Light-powered ladies watch with crystal accents that never needs a battery. 2-year shop warranty; original box.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CIT-EW2480-SLV', options: { Colour: 'Silver' }, priceKes: 26999, stock: 2 },
        { sku: 'CIT-EW2483-RGD', options: { Colour: 'Rose Gold' }, priceKes: 28999, stock: 1 },
      ],
      image: { motif: 'watch', background: '#f6ecec', accent: '#a0616a' },
    },
    {
      slug: 'fossil-jacqueline',
      title: 'Fossil Jacqueline Ladies',
      brand: 'Fossil',
      categorySlug: 'ladies-watches',
      description:
        'Slim 36mm ladies watch with a date window and soft leather strap. 2-year shop warranty; Fossil gift tin.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'FOS-ES3843', options: { Colour: 'Rose Gold / Nude Leather' }, priceKes: 15999, stock: 3 },
        { sku: 'FOS-ES3433', options: { Colour: 'Silver / Black Leather' }, priceKes: 15999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#f8ebe4', accent: '#b0715a' },
    },
    {
      slug: 'michael-kors-parker',
      title: 'Michael Kors Parker',
      brand: 'Michael Kors',
      categorySlug: 'ladies-watches',
      description:
        'Glamorous 39mm chronograph with a pave crystal bezel. 2-year shop warranty; branded gift box.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'MK-5896', options: { Colour: 'Rose Gold' }, priceKes: 29999, compareAtKes: 33999, stock: 2 },
        { sku: 'MK-5632', options: { Colour: 'Gold' }, priceKes: 29999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#fbeee6', accent: '#b76e4f' },
    },
    {
      slug: 'michael-kors-darci',
      title: 'Michael Kors Darci',
      brand: 'Michael Kors',
      categorySlug: 'ladies-watches',
      description:
        'Three-hand ladies watch with a crystal-set bezel and sunray dial. 2-year shop warranty; branded gift box.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'MK-3192', options: { Colour: 'Gold' }, priceKes: 27999, stock: 2 },
        { sku: 'MK-3190', options: { Colour: 'Silver' }, priceKes: 27999, stock: 0 },
      ],
      image: { motif: 'watch', background: '#fdf4e3', accent: '#a67c2e' },
    },
    {
      slug: 'tommy-hilfiger-ladies-mesh',
      title: 'Tommy Hilfiger Ladies Mesh Watch',
      brand: 'Tommy Hilfiger',
      categorySlug: 'ladies-watches',
      description:
        'Slim ladies watch on an adjustable mesh bracelet with crystal hour markers. 2-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'TH-1782-SLV', options: { Colour: 'Silver' }, priceKes: 18999, stock: 3 },
        { sku: 'TH-1782-RGD', options: { Colour: 'Rose Gold' }, priceKes: 19999, stock: 2 },
      ],
      image: { motif: 'watch', background: '#edf0f7', accent: '#27406f' },
    },
    {
      slug: 'curren-ladies-mesh',
      title: 'Curren Ladies Mesh Watch',
      brand: 'Curren',
      categorySlug: 'ladies-watches',
      description:
        'Affordable ladies quartz on a magnetic-clasp mesh strap, one size fits most wrists. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CUR-L9009-RGD', options: { Colour: 'Rose Gold' }, priceKes: 2899, stock: 14 },
        { sku: 'CUR-L9009-SLV', options: { Colour: 'Silver' }, priceKes: 2899, stock: 10 },
        { sku: 'CUR-L9009-BLK', options: { Colour: 'Black' }, priceKes: 2899, stock: 6 },
      ],
      image: { motif: 'watch', background: '#fbecec', accent: '#b5656b' },
    },
    // ---------------------------------------------------------------- Smartwatches
    {
      slug: 'oraimo-watch-5',
      title: 'Oraimo Watch 5',
      brand: 'Oraimo',
      categorySlug: 'smartwatches',
      description:
        'AMOLED smartwatch with Bluetooth calling, heart-rate and sleep tracking and about 7 days of battery. 1-year Oraimo warranty; magnetic charger included.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ORA-OSW5-BLK', options: { Colour: 'Black' }, priceKes: 3999, compareAtKes: 4499, stock: 20 },
        { sku: 'ORA-OSW5-GRY', options: { Colour: 'Grey' }, priceKes: 3999, compareAtKes: 4499, stock: 9 },
      ],
      image: { motif: 'smartwatch', background: '#e7f8e3', accent: '#2f9e2a' },
    },
    {
      slug: 'oraimo-watch-4-plus',
      title: 'Oraimo Watch 4 Plus',
      brand: 'Oraimo',
      categorySlug: 'smartwatches',
      description:
        'Large-screen smartwatch with Bluetooth calls, 100+ sport modes and IP68 water resistance. 1-year Oraimo warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ORA-OSW4P-BLK', options: { Colour: 'Black' }, priceKes: 3299, stock: 15 },
        { sku: 'ORA-OSW4P-SLV', options: { Colour: 'Silver' }, priceKes: 3299, stock: 6 },
      ],
      image: { motif: 'smartwatch', background: '#eef9e6', accent: '#4f9a1e' },
    },
    {
      slug: 'xiaomi-redmi-watch-4',
      title: 'Xiaomi Redmi Watch 4',
      brand: 'Xiaomi',
      categorySlug: 'smartwatches',
      description:
        '1.97-inch AMOLED with aluminium frame, built-in GPS and up to 20 days of battery. 1-year Xiaomi warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'XIA-RW4-BLK', options: { Colour: 'Obsidian Black' }, priceKes: 11999, stock: 6 },
        { sku: 'XIA-RW4-SLV', options: { Colour: 'Silver Grey' }, priceKes: 11999, stock: 4 },
      ],
      image: { motif: 'smartwatch', background: '#fff0e6', accent: '#e25c13' },
    },
    {
      slug: 'xiaomi-redmi-watch-5-active',
      title: 'Xiaomi Redmi Watch 5 Active',
      brand: 'Xiaomi',
      categorySlug: 'smartwatches',
      description:
        'Budget smartwatch with a 2-inch screen, Bluetooth calling and up to 18 days of battery. 1-year Xiaomi warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'XIA-RW5A-BLK', options: { Colour: 'Midnight Black' }, priceKes: 5999, stock: 10 },
        { sku: 'XIA-RW5A-SLV', options: { Colour: 'Matte Silver' }, priceKes: 5999, stock: 5 },
      ],
      image: { motif: 'smartwatch', background: '#fdeee4', accent: '#c24d0c' },
    },
    {
      slug: 'samsung-galaxy-watch6',
      title: 'Samsung Galaxy Watch6',
      brand: 'Samsung',
      categorySlug: 'smartwatches',
      description:
        'Wear OS smartwatch with body composition, ECG and sleep coaching, works best with Galaxy phones. 1-year Samsung Kenya warranty.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'SAM-GW6-40-GRP', options: { Size: '40mm', Colour: 'Graphite' }, priceKes: 29999, compareAtKes: 34999, stock: 3 },
        { sku: 'SAM-GW6-40-GLD', options: { Size: '40mm', Colour: 'Gold' }, priceKes: 29999, compareAtKes: 34999, stock: 2 },
        { sku: 'SAM-GW6-44-GRP', options: { Size: '44mm', Colour: 'Graphite' }, priceKes: 32999, stock: 3 },
        { sku: 'SAM-GW6-44-SLV', options: { Size: '44mm', Colour: 'Silver' }, priceKes: 32999, stock: 1 },
      ],
      image: { motif: 'smartwatch', background: '#e8ecf4', accent: '#1428a0' },
    },
    {
      slug: 'samsung-galaxy-fit3',
      title: 'Samsung Galaxy Fit3',
      brand: 'Samsung',
      categorySlug: 'smartwatches',
      description:
        'Slim fitness band with a 1.6-inch AMOLED screen, sleep tracking and up to 13 days of battery. 1-year Samsung Kenya warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SAM-FIT3-GRY', options: { Colour: 'Dark Grey' }, priceKes: 8999, stock: 7 },
        { sku: 'SAM-FIT3-PNK', options: { Colour: 'Pink Gold' }, priceKes: 8999, stock: 4 },
      ],
      image: { motif: 'smartwatch', background: '#f7e9ef', accent: '#9b3d63' },
    },
    {
      slug: 'apple-watch-se-2nd-gen',
      title: 'Apple Watch SE (2nd Gen, GPS)',
      brand: 'Apple',
      categorySlug: 'smartwatches',
      description:
        'Brand new Apple Watch SE with crash detection, fitness rings and sleep tracking; needs an iPhone. 1-year warranty; sealed box with sport band.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'APL-AWSE2-40-MID', options: { Size: '40mm', Colour: 'Midnight' }, priceKes: 36999, stock: 3 },
        { sku: 'APL-AWSE2-40-STL', options: { Size: '40mm', Colour: 'Starlight' }, priceKes: 36999, stock: 2 },
        { sku: 'APL-AWSE2-44-MID', options: { Size: '44mm', Colour: 'Midnight' }, priceKes: 40999, stock: 2 },
        { sku: 'APL-AWSE2-44-SLV', options: { Size: '44mm', Colour: 'Silver' }, priceKes: 40999, stock: 0 },
      ],
      image: { motif: 'smartwatch', background: '#f1f1f4', accent: '#1d1d1f' },
    },
    {
      slug: 'huawei-band-9',
      title: 'Huawei Band 9',
      brand: 'Huawei',
      categorySlug: 'smartwatches',
      description:
        'Light fitness band with AMOLED screen, SpO2 and sleep tracking and up to 14 days of battery. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'HUA-BAND9-BLK', options: { Colour: 'Starry Black' }, priceKes: 6499, stock: 9 },
        { sku: 'HUA-BAND9-PNK', options: { Colour: 'Charm Pink' }, priceKes: 6499, stock: 5 },
        { sku: 'HUA-BAND9-BLU', options: { Colour: 'Blue' }, priceKes: 6499, stock: 3 },
      ],
      image: { motif: 'smartwatch', background: '#fdebec', accent: '#c7000b' },
    },
    {
      slug: 'huawei-watch-fit-3',
      title: 'Huawei Watch Fit 3',
      brand: 'Huawei',
      categorySlug: 'smartwatches',
      description:
        'Square 1.82-inch AMOLED smartwatch with GPS, 100+ workout modes and about 10 days of battery. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'HUA-FIT3-BLK', options: { Colour: 'Black' }, priceKes: 17999, compareAtKes: 19999, stock: 4 },
        { sku: 'HUA-FIT3-WHT', options: { Colour: 'White' }, priceKes: 17999, stock: 2 },
      ],
      image: { motif: 'smartwatch', background: '#f4ebec', accent: '#8e1b22' },
    },
    {
      slug: 'amazfit-bip-5',
      title: 'Amazfit Bip 5',
      brand: 'Amazfit',
      categorySlug: 'smartwatches',
      description:
        'Big-screen smartwatch with GPS, Bluetooth calling and up to 10 days of battery. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'AMZ-BIP5-BLK', options: { Colour: 'Soft Black' }, priceKes: 11499, stock: 5 },
        { sku: 'AMZ-BIP5-PNK', options: { Colour: 'Pastel Pink' }, priceKes: 11499, stock: 3 },
      ],
      image: { motif: 'smartwatch', background: '#e9f3fa', accent: '#1f6fa8' },
    },
    // ---------------------------------------------------------------- Kids
    {
      slug: 'kids-4g-gps-smartwatch',
      title: 'Kids 4G GPS Smartwatch with SIM',
      categorySlug: 'kids-watches',
      description:
        'Takes a Safaricom or Airtel nano SIM for calls, live GPS location and an SOS button through the parent app. 6-month shop warranty; charger included.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'KID-GPS4G-PNK', options: { Colour: 'Pink' }, priceKes: 4999, stock: 10 },
        { sku: 'KID-GPS4G-BLU', options: { Colour: 'Blue' }, priceKes: 4999, stock: 8 },
        { sku: 'KID-GPS4G-BLK', options: { Colour: 'Black' }, priceKes: 4999, stock: 0 },
      ],
      image: { motif: 'smartwatch', background: '#e7f2fe', accent: '#3b82f6' },
    },
    {
      slug: 'casio-lw-200-kids',
      title: 'Casio LW-200 Kids Digital',
      brand: 'Casio',
      categorySlug: 'kids-watches',
      description:
        'Small-wrist digital watch with a soft resin strap, alarm, backlight and 100m water resistance. 1-year shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'CAS-LW200-1B', options: { Colour: 'Black' }, priceKes: 3299, stock: 9 },
        { sku: 'CAS-LW200-4B', options: { Colour: 'Pink' }, priceKes: 3299, stock: 6 },
        { sku: 'CAS-LW200-2B', options: { Colour: 'Blue' }, priceKes: 3299, stock: 5 },
      ],
      image: { motif: 'watch', background: '#e8f6fb', accent: '#0e7490' },
    },
    {
      slug: 'skmei-kids-sport-digital',
      title: 'Skmei Kids Sport Digital',
      brand: 'Skmei',
      categorySlug: 'kids-watches',
      description:
        'Colourful, water-resistant digital watch for school with alarm and light. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SKM-K1100-RED', options: { Colour: 'Red' }, priceKes: 1199, stock: 20 },
        { sku: 'SKM-K1100-BLU', options: { Colour: 'Blue' }, priceKes: 1199, stock: 18 },
        { sku: 'SKM-K1100-PUR', options: { Colour: 'Purple' }, priceKes: 1199, stock: 12 },
        { sku: 'SKM-K1100-GRN', options: { Colour: 'Green' }, priceKes: 1199, stock: 9 },
      ],
      image: { motif: 'watch', background: '#fff5da', accent: '#e0a100' },
    },
    {
      slug: 'kids-learn-the-time-analogue',
      title: 'Learn-the-Time Kids Analogue Watch',
      categorySlug: 'kids-watches',
      description:
        'Easy-read dial with labelled minutes to help children learn to tell the time, on a soft fabric strap. 3-month shop warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'KID-LTT-BLU', options: { Colour: 'Blue' }, priceKes: 999, stock: 15 },
        { sku: 'KID-LTT-PNK', options: { Colour: 'Pink' }, priceKes: 999, stock: 15 },
      ],
      image: { motif: 'watch', background: '#fde9f3', accent: '#db2777' },
    },
    // ---------------------------------------------------------------- Straps & accessories
    {
      slug: 'silicone-sport-strap',
      title: 'Silicone Sport Strap (Quick Release)',
      categorySlug: 'straps-accessories',
      description:
        'Soft, sweat-proof silicone strap with quick-release pins, fits most watches and many smartwatches. We fit it free in the shop.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'STR-SIL-20-BLK', options: { Size: '20mm', Colour: 'Black' }, priceKes: 599, stock: 30 },
        { sku: 'STR-SIL-20-NVY', options: { Size: '20mm', Colour: 'Navy' }, priceKes: 599, stock: 20 },
        { sku: 'STR-SIL-22-BLK', options: { Size: '22mm', Colour: 'Black' }, priceKes: 599, stock: 30 },
        { sku: 'STR-SIL-22-OLV', options: { Size: '22mm', Colour: 'Olive' }, priceKes: 599, stock: 15 },
      ],
      image: { motif: 'box', background: '#e9efe4', accent: '#3d5a2a' },
    },
    {
      slug: 'genuine-leather-strap',
      title: 'Genuine Leather Watch Strap',
      categorySlug: 'straps-accessories',
      description:
        'Stitched genuine leather strap with a steel buckle, ages nicely with wear. Free fitting in the shop.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'STR-LEA-18-BRN', options: { Size: '18mm', Colour: 'Brown' }, priceKes: 1199, stock: 10 },
        { sku: 'STR-LEA-20-BRN', options: { Size: '20mm', Colour: 'Brown' }, priceKes: 1199, stock: 14 },
        { sku: 'STR-LEA-20-BLK', options: { Size: '20mm', Colour: 'Black' }, priceKes: 1199, stock: 12 },
        { sku: 'STR-LEA-22-BRN', options: { Size: '22mm', Colour: 'Brown' }, priceKes: 1299, stock: 10 },
        { sku: 'STR-LEA-22-BLK', options: { Size: '22mm', Colour: 'Black' }, priceKes: 1299, stock: 0 },
      ],
      image: { motif: 'box', background: '#f3e4d3', accent: '#7a4a26' },
    },
    {
      slug: 'milanese-mesh-strap',
      title: 'Milanese Mesh Steel Strap',
      categorySlug: 'straps-accessories',
      description:
        'Stainless steel mesh strap with an adjustable clasp, no links to remove. Free fitting in the shop.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'STR-MIL-20-SLV', options: { Size: '20mm', Colour: 'Silver' }, priceKes: 1499, stock: 10 },
        { sku: 'STR-MIL-20-BLK', options: { Size: '20mm', Colour: 'Black' }, priceKes: 1499, stock: 6 },
        { sku: 'STR-MIL-22-SLV', options: { Size: '22mm', Colour: 'Silver' }, priceKes: 1499, stock: 8 },
        { sku: 'STR-MIL-22-RGD', options: { Size: '22mm', Colour: 'Rose Gold' }, priceKes: 1699, stock: 4 },
      ],
      image: { motif: 'box', background: '#eef0f2', accent: '#6b7280' },
    },
    {
      slug: 'apple-watch-sport-band',
      title: 'Sport Band for Apple Watch',
      categorySlug: 'straps-accessories',
      description:
        'Soft fluoroelastomer band with pin-and-tuck closure; fits all Apple Watch series in the matching size. 3-month shop warranty.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'STR-AWB-41-MID', options: { Size: '38/40/41mm', Colour: 'Midnight' }, priceKes: 999, stock: 15 },
        { sku: 'STR-AWB-41-STL', options: { Size: '38/40/41mm', Colour: 'Starlight' }, priceKes: 999, stock: 10 },
        { sku: 'STR-AWB-45-MID', options: { Size: '42/44/45mm', Colour: 'Midnight' }, priceKes: 999, stock: 12 },
        { sku: 'STR-AWB-45-RED', options: { Size: '42/44/45mm', Colour: 'Red' }, priceKes: 999, stock: 6 },
      ],
      image: { motif: 'box', background: '#f3eef9', accent: '#5b3c88' },
    },
    {
      slug: 'watch-box-6-slot',
      title: '6-Slot Watch Box with Glass Lid',
      categorySlug: 'straps-accessories',
      description:
        'PU-leather watch box with a glass lid and removable cushions for six watches. A good gift for collectors.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ACC-WBOX6-BLK', options: { Colour: 'Black' }, priceKes: 2499, stock: 8 },
        { sku: 'ACC-WBOX6-BRN', options: { Colour: 'Brown' }, priceKes: 2499, compareAtKes: 2999, stock: 5 },
      ],
      image: { motif: 'box', background: '#f1e7dc', accent: '#5c3a1e' },
    },
    {
      slug: 'watch-battery-replacement',
      title: 'Watch Battery Replacement (Fitted)',
      categorySlug: 'straps-accessories',
      description:
        'Genuine silver-oxide battery fitted while you wait, with a quick check of the seals. Water-resistance test on request.',
      optionNames: [],
      variants: [{ sku: 'SVC-BATT-FIT', options: {}, priceKes: 300, stock: 100 }],
      image: { motif: 'box', background: '#e8f1f6', accent: '#2f6f94' },
    },
    {
      slug: 'watch-repair-tool-kit',
      title: 'Watch Strap & Battery Tool Kit',
      categorySlug: 'straps-accessories',
      description:
        'Home kit with spring-bar tool, link pin remover, case opener and spare pins. Comes in a zip case.',
      optionNames: [],
      variants: [{ sku: 'ACC-TOOLKIT', options: {}, priceKes: 1499, stock: 7 }],
      image: { motif: 'box', background: '#eeeae3', accent: '#4a4237' },
    },
  ],
};
