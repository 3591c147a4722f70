import type { SeedStore } from '../types';

/**
 * Nairobi Gadgets: a phones-and-electronics shop in the CBD (demo data, made-up numbers).
 * Prices are integer KES, VAT inclusive, pitched at 2026 Nairobi street retail.
 */
export const nairobiGadgets: SeedStore = {
  slug: 'nairobi-gadgets',
  name: 'Nairobi Gadgets',
  vertical: 'electronics',
  tagline: 'Simu, laptops na TV: genuine stock, warranty included',
  whatsappNumber: '254711482930',
  location: 'Luthuli Avenue, off Moi Avenue, Nairobi CBD',
  mpesa: { kind: 'till', shortcode: '5123456' },
  returnPolicy:
    'Returns within 7 days for unopened items with the receipt. Faulty items are repaired or replaced under the stated warranty.',
  categories: [
    { slug: 'phones', name: 'Phones' },
    { slug: 'laptops', name: 'Laptops' },
    { slug: 'tablets', name: 'Tablets' },
    { slug: 'audio', name: 'Audio' },
    { slug: 'accessories', name: 'Chargers & Accessories' },
    { slug: 'tvs', name: 'TVs' },
  ],
  products: [
    // ---------------------------------------------------------------- Samsung phones
    {
      slug: 'samsung-galaxy-a05',
      title: 'Samsung Galaxy A05',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Dual SIM, 6.7-inch display and 5000mAh battery with 25W charging support. 1-year Samsung Kenya warranty; box has the phone, USB-C cable and SIM pin.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-A05-64-BLK', options: { Storage: '64GB', Colour: 'Black' }, priceKes: 12499, stock: 14 },
        { sku: 'SAM-A05-64-SLV', options: { Storage: '64GB', Colour: 'Silver' }, priceKes: 12499, stock: 6 },
        { sku: 'SAM-A05-128-BLK', options: { Storage: '128GB', Colour: 'Black' }, priceKes: 13999, compareAtKes: 14999, stock: 11 },
        { sku: 'SAM-A05-128-GRN', options: { Storage: '128GB', Colour: 'Light Green' }, priceKes: 13999, stock: 4 },
      ],
      image: { motif: 'phone', background: '#e8f1fb', accent: '#1f3a68' },
    },
    {
      slug: 'samsung-galaxy-a15',
      title: 'Samsung Galaxy A15',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Dual SIM with a 6.5-inch Super AMOLED screen, 50MP camera and 5000mAh battery. 1-year Samsung Kenya warranty; charger sold separately.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-A15-128-BLK', options: { Storage: '128GB', Colour: 'Blue Black' }, priceKes: 19499, stock: 18 },
        { sku: 'SAM-A15-128-LBL', options: { Storage: '128GB', Colour: 'Light Blue' }, priceKes: 19499, stock: 9 },
        { sku: 'SAM-A15-128-YLW', options: { Storage: '128GB', Colour: 'Yellow' }, priceKes: 19499, stock: 0 },
        { sku: 'SAM-A15-256-BLK', options: { Storage: '256GB', Colour: 'Blue Black' }, priceKes: 23499, compareAtKes: 24999, stock: 7 },
      ],
      image: { motif: 'phone', background: '#dcecff', accent: '#274b8f' },
    },
    {
      slug: 'samsung-galaxy-a25-5g',
      title: 'Samsung Galaxy A25 5G',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        '5G dual SIM with a 120Hz Super AMOLED display and optical image stabilisation on the 50MP camera. 1-year Samsung Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-A25-128-BLK', options: { Storage: '128GB', Colour: 'Blue Black' }, priceKes: 27999, stock: 10 },
        { sku: 'SAM-A25-128-LBL', options: { Storage: '128GB', Colour: 'Light Blue' }, priceKes: 27999, stock: 5 },
        { sku: 'SAM-A25-256-BLK', options: { Storage: '256GB', Colour: 'Blue Black' }, priceKes: 31999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#eef3f8', accent: '#3a5f8a' },
    },
    {
      slug: 'samsung-galaxy-a35-5g',
      title: 'Samsung Galaxy A35 5G',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Glass back, IP67 water resistance and four years of Android updates. 1-year Samsung Kenya warranty; box has the phone and a USB-C cable.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-A35-128-NVY', options: { Storage: '128GB', Colour: 'Awesome Navy' }, priceKes: 38999, stock: 8 },
        { sku: 'SAM-A35-128-ICE', options: { Storage: '128GB', Colour: 'Awesome Iceblue' }, priceKes: 38999, stock: 6 },
        { sku: 'SAM-A35-256-NVY', options: { Storage: '256GB', Colour: 'Awesome Navy' }, priceKes: 43999, compareAtKes: 46999, stock: 4 },
        { sku: 'SAM-A35-256-LIL', options: { Storage: '256GB', Colour: 'Awesome Lilac' }, priceKes: 43999, compareAtKes: 46999, stock: 2 },
      ],
      image: { motif: 'phone', background: '#ece8f7', accent: '#4b3f8c' },
    },
    {
      slug: 'samsung-galaxy-a55-5g',
      title: 'Samsung Galaxy A55 5G',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Metal frame, IP67, 50MP OIS camera and Samsung Knox Vault security. 1-year Samsung Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-A55-128-NVY', options: { Storage: '128GB', Colour: 'Awesome Navy' }, priceKes: 49999, stock: 6 },
        { sku: 'SAM-A55-256-NVY', options: { Storage: '256GB', Colour: 'Awesome Navy' }, priceKes: 55999, stock: 5 },
        { sku: 'SAM-A55-256-ICE', options: { Storage: '256GB', Colour: 'Awesome Iceblue' }, priceKes: 55999, stock: 3 },
        { sku: 'SAM-A55-256-LIL', options: { Storage: '256GB', Colour: 'Awesome Lilac' }, priceKes: 55999, stock: 0 },
      ],
      image: { motif: 'phone', background: '#e6eef7', accent: '#223f66' },
    },
    {
      slug: 'samsung-galaxy-s24',
      title: 'Samsung Galaxy S24',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Compact flagship with Galaxy AI, a 6.2-inch 120Hz display and 7 years of updates. 1-year Samsung Kenya warranty; dual SIM plus eSIM.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-S24-256-ONX', options: { Storage: '256GB', Colour: 'Onyx Black' }, priceKes: 104999, compareAtKes: 114999, stock: 4 },
        { sku: 'SAM-S24-256-VIO', options: { Storage: '256GB', Colour: 'Cobalt Violet' }, priceKes: 104999, compareAtKes: 114999, stock: 2 },
        { sku: 'SAM-S24-512-ONX', options: { Storage: '512GB', Colour: 'Onyx Black' }, priceKes: 119999, stock: 1 },
      ],
      image: { motif: 'phone', background: '#f1eefa', accent: '#5a3e9b' },
    },
    {
      slug: 'samsung-galaxy-s24-ultra',
      title: 'Samsung Galaxy S24 Ultra',
      brand: 'Samsung',
      categorySlug: 'phones',
      description:
        'Titanium frame, built-in S Pen and a 200MP camera with 5x optical zoom. 1-year Samsung Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-S24U-256-GRY', options: { Storage: '256GB', Colour: 'Titanium Grey' }, priceKes: 149999, stock: 3 },
        { sku: 'SAM-S24U-256-BLK', options: { Storage: '256GB', Colour: 'Titanium Black' }, priceKes: 149999, stock: 2 },
        { sku: 'SAM-S24U-512-GRY', options: { Storage: '512GB', Colour: 'Titanium Grey' }, priceKes: 169999, stock: 1 },
      ],
      image: { motif: 'phone', background: '#ecebe8', accent: '#3d3b38' },
    },
    // ---------------------------------------------------------------- Tecno phones
    {
      slug: 'tecno-spark-20c',
      title: 'Tecno Spark 20C',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        'Budget dual SIM with a 90Hz screen, 50MP camera and 5000mAh battery. Box has an 18W charger, cable and clear case; 1-year Tecno warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-SPK20C-128-BLK', options: { Storage: '128GB', Colour: 'Gravity Black' }, priceKes: 13499, stock: 15 },
        { sku: 'TEC-SPK20C-128-WHT', options: { Storage: '128GB', Colour: 'Mystery White' }, priceKes: 13499, stock: 8 },
        { sku: 'TEC-SPK20C-128-GRN', options: { Storage: '128GB', Colour: 'Magic Skin Green' }, priceKes: 13499, stock: 5 },
      ],
      image: { motif: 'phone', background: '#e3f4ea', accent: '#1d6b45' },
    },
    {
      slug: 'tecno-spark-20',
      title: 'Tecno Spark 20',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        'Dual SIM, 8GB RAM, 50MP camera and dual speakers with DTS sound. Box has an 18W charger, cable and case; 1-year Tecno warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-SPK20-128-BLK', options: { Storage: '128GB', Colour: 'Gravity Black' }, priceKes: 16999, stock: 20 },
        { sku: 'TEC-SPK20-128-WHT', options: { Storage: '128GB', Colour: 'Cyber White' }, priceKes: 16999, stock: 9 },
        { sku: 'TEC-SPK20-128-GLD', options: { Storage: '128GB', Colour: 'Neon Gold' }, priceKes: 16999, stock: 6 },
        { sku: 'TEC-SPK20-256-BLK', options: { Storage: '256GB', Colour: 'Gravity Black' }, priceKes: 19499, compareAtKes: 20999, stock: 8 },
        { sku: 'TEC-SPK20-256-BLU', options: { Storage: '256GB', Colour: 'Magic Skin Blue' }, priceKes: 19499, compareAtKes: 20999, stock: 0 },
      ],
      image: { motif: 'phone', background: '#fff4d6', accent: '#8a6a12' },
    },
    {
      slug: 'tecno-spark-20-pro',
      title: 'Tecno Spark 20 Pro',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        '108MP main camera, 120Hz display and 33W fast charging. Box has the charger, cable and case; 1-year Tecno warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-SPK20P-256-BLK', options: { Storage: '256GB', Colour: 'Moonlit Black' }, priceKes: 22999, stock: 12 },
        { sku: 'TEC-SPK20P-256-IVR', options: { Storage: '256GB', Colour: 'Frosty Ivory' }, priceKes: 22999, stock: 5 },
        { sku: 'TEC-SPK20P-256-PNK', options: { Storage: '256GB', Colour: 'Sunset Blush' }, priceKes: 22999, stock: 4 },
      ],
      image: { motif: 'phone', background: '#fde8e4', accent: '#a3422f' },
    },
    {
      slug: 'tecno-camon-30',
      title: 'Tecno Camon 30',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        '50MP selfie and main cameras, AMOLED display and 70W fast charging. Box has the charger, cable and case; 1-year Tecno warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-CAM30-256-BLK', options: { Storage: '256GB', Colour: 'Basaltic Dark' }, priceKes: 33999, compareAtKes: 36499, stock: 7 },
        { sku: 'TEC-CAM30-256-WHT', options: { Storage: '256GB', Colour: 'Uyuni Salt White' }, priceKes: 33999, compareAtKes: 36499, stock: 4 },
        { sku: 'TEC-CAM30-512-BLK', options: { Storage: '512GB', Colour: 'Basaltic Dark' }, priceKes: 37999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#e9eef0', accent: '#2e4a52' },
    },
    {
      slug: 'tecno-camon-30-pro-5g',
      title: 'Tecno Camon 30 Pro 5G',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        '5G with a 50MP Sony OIS camera, curved AMOLED screen and 12GB RAM. 1-year Tecno warranty; charger and case in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-CAM30P-512-BLK', options: { Storage: '512GB', Colour: 'Basaltic Dark' }, priceKes: 46999, stock: 4 },
        { sku: 'TEC-CAM30P-512-GRN', options: { Storage: '512GB', Colour: 'Iceland Basaltic Green' }, priceKes: 46999, stock: 2 },
      ],
      image: { motif: 'phone', background: '#e2efe9', accent: '#245c47' },
    },
    {
      slug: 'tecno-pova-6-neo',
      title: 'Tecno Pova 6 Neo',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        'Gaming-styled dual SIM with a big 7000mAh battery and 108MP camera. 1-year Tecno warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-POVA6N-128-BLK', options: { Storage: '128GB', Colour: 'Speed Black' }, priceKes: 18499, stock: 9 },
        { sku: 'TEC-POVA6N-256-BLK', options: { Storage: '256GB', Colour: 'Speed Black' }, priceKes: 20999, stock: 6 },
        { sku: 'TEC-POVA6N-256-GRN', options: { Storage: '256GB', Colour: 'Azure Green' }, priceKes: 20999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#e0f2f1', accent: '#00695c' },
    },
    {
      slug: 'tecno-pova-6-pro-5g',
      title: 'Tecno Pova 6 Pro 5G',
      brand: 'Tecno',
      categorySlug: 'phones',
      description:
        '6000mAh battery with 70W charging, AMOLED 120Hz screen and rear light effects. 1-year Tecno warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'TEC-POVA6P-256-GRN', options: { Storage: '256GB', Colour: 'Comet Green' }, priceKes: 32999, stock: 5 },
        { sku: 'TEC-POVA6P-256-GRY', options: { Storage: '256GB', Colour: 'Meteorite Grey' }, priceKes: 32999, stock: 6 },
      ],
      image: { motif: 'phone', background: '#e7f5e1', accent: '#3f7a28' },
    },
    // ---------------------------------------------------------------- Infinix phones
    {
      slug: 'infinix-smart-8',
      title: 'Infinix Smart 8',
      brand: 'Infinix',
      categorySlug: 'phones',
      description:
        'Entry-level dual SIM with a 6.6-inch 90Hz screen and 5000mAh battery. 1-year Infinix warranty; charger and case in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'INF-SMT8-64-BLK', options: { Storage: '64GB', Colour: 'Timber Black' }, priceKes: 10499, stock: 16 },
        { sku: 'INF-SMT8-64-GLD', options: { Storage: '64GB', Colour: 'Shiny Gold' }, priceKes: 10499, stock: 7 },
        { sku: 'INF-SMT8-128-BLK', options: { Storage: '128GB', Colour: 'Timber Black' }, priceKes: 11999, stock: 12 },
        { sku: 'INF-SMT8-128-BLU', options: { Storage: '128GB', Colour: 'Rainbow Blue' }, priceKes: 11999, stock: 5 },
      ],
      image: { motif: 'phone', background: '#fff1dc', accent: '#b26a00' },
    },
    {
      slug: 'infinix-hot-40i',
      title: 'Infinix Hot 40i',
      brand: 'Infinix',
      categorySlug: 'phones',
      description:
        'Dual SIM, 50MP camera, 18W fast charging and a 5000mAh battery. 1-year Infinix warranty; charger and case in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'INF-HOT40I-128-BLK', options: { Storage: '128GB', Colour: 'Starlit Black' }, priceKes: 14499, stock: 14 },
        { sku: 'INF-HOT40I-128-BLU', options: { Storage: '128GB', Colour: 'Palm Blue' }, priceKes: 14499, stock: 8 },
        { sku: 'INF-HOT40I-256-BLK', options: { Storage: '256GB', Colour: 'Starlit Black' }, priceKes: 16499, compareAtKes: 17499, stock: 9 },
        { sku: 'INF-HOT40I-256-GLD', options: { Storage: '256GB', Colour: 'Horizon Gold' }, priceKes: 16499, compareAtKes: 17499, stock: 4 },
        { sku: 'INF-HOT40I-256-GRN', options: { Storage: '256GB', Colour: 'Starfall Green' }, priceKes: 16499, stock: 0 },
      ],
      image: { motif: 'phone', background: '#e4f0fa', accent: '#1b5e8c' },
    },
    {
      slug: 'infinix-hot-40',
      title: 'Infinix Hot 40',
      brand: 'Infinix',
      categorySlug: 'phones',
      description:
        '8GB RAM, 108MP camera and 33W fast charging on a 6.78-inch 120Hz display. 1-year Infinix warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'INF-HOT40-256-BLK', options: { Storage: '256GB', Colour: 'Starlit Black' }, priceKes: 18999, stock: 10 },
        { sku: 'INF-HOT40-256-BLU', options: { Storage: '256GB', Colour: 'Palm Blue' }, priceKes: 18999, stock: 6 },
      ],
      image: { motif: 'phone', background: '#ddeefa', accent: '#0f4c75' },
    },
    {
      slug: 'infinix-note-40',
      title: 'Infinix Note 40',
      brand: 'Infinix',
      categorySlug: 'phones',
      description:
        'AMOLED display, 45W wired and 15W wireless charging, and JBL-tuned speakers. 1-year Infinix warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'INF-NOTE40-256-BLK', options: { Storage: '256GB', Colour: 'Obsidian Black' }, priceKes: 28999, stock: 7 },
        { sku: 'INF-NOTE40-256-GLD', options: { Storage: '256GB', Colour: 'Titan Gold' }, priceKes: 28999, stock: 5 },
        { sku: 'INF-NOTE40-256-GRN', options: { Storage: '256GB', Colour: 'Vintage Green' }, priceKes: 28999, compareAtKes: 30999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#f6efe0', accent: '#7a5b1e' },
    },
    {
      slug: 'infinix-zero-30-5g',
      title: 'Infinix Zero 30 5G',
      brand: 'Infinix',
      categorySlug: 'phones',
      description:
        '50MP 4K selfie camera, curved AMOLED screen and 12GB RAM. 1-year Infinix warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'INF-ZERO30-256-GRN', options: { Storage: '256GB', Colour: 'Rome Green' }, priceKes: 37999, compareAtKes: 41999, stock: 4 },
        { sku: 'INF-ZERO30-256-GLD', options: { Storage: '256GB', Colour: 'Golden Hour' }, priceKes: 37999, compareAtKes: 41999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#e6f2e8', accent: '#2f6b3a' },
    },
    // ---------------------------------------------------------------- Oppo phones
    {
      slug: 'oppo-a18',
      title: 'Oppo A18',
      brand: 'Oppo',
      categorySlug: 'phones',
      description:
        'Dual SIM with a 90Hz screen, side fingerprint sensor and 5000mAh battery. 1-year Oppo Kenya warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'OPP-A18-64-BLK', options: { Storage: '64GB', Colour: 'Glowing Black' }, priceKes: 14999, stock: 8 },
        { sku: 'OPP-A18-128-BLK', options: { Storage: '128GB', Colour: 'Glowing Black' }, priceKes: 16499, stock: 7 },
        { sku: 'OPP-A18-128-BLU', options: { Storage: '128GB', Colour: 'Glowing Blue' }, priceKes: 16499, stock: 5 },
      ],
      image: { motif: 'phone', background: '#e3ecfb', accent: '#2a4fa3' },
    },
    {
      slug: 'oppo-a38',
      title: 'Oppo A38',
      brand: 'Oppo',
      categorySlug: 'phones',
      description:
        '33W SUPERVOOC charging, 50MP camera and 6GB RAM. 1-year Oppo Kenya warranty; charger and case in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'OPP-A38-128-BLK', options: { Storage: '128GB', Colour: 'Glowing Black' }, priceKes: 18999, stock: 9 },
        { sku: 'OPP-A38-128-GLD', options: { Storage: '128GB', Colour: 'Glowing Gold' }, priceKes: 18999, stock: 4 },
      ],
      image: { motif: 'phone', background: '#fbf1de', accent: '#9c7420' },
    },
    {
      slug: 'oppo-a58',
      title: 'Oppo A58',
      brand: 'Oppo',
      categorySlug: 'phones',
      description:
        '6.72-inch display, dual stereo speakers and 33W SUPERVOOC charging. 1-year Oppo Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'OPP-A58-128-BLK', options: { Storage: '128GB', Colour: 'Glowing Black' }, priceKes: 23499, compareAtKes: 24999, stock: 6 },
        { sku: 'OPP-A58-128-GRN', options: { Storage: '128GB', Colour: 'Dazzling Green' }, priceKes: 23499, compareAtKes: 24999, stock: 5 },
      ],
      image: { motif: 'phone', background: '#e1f5ee', accent: '#1c7a5a' },
    },
    {
      slug: 'oppo-reno-11f-5g',
      title: 'Oppo Reno 11F 5G',
      brand: 'Oppo',
      categorySlug: 'phones',
      description:
        'Slim 5G phone with a 64MP camera, AMOLED screen and 67W charging. 1-year Oppo Kenya warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'OPP-RENO11F-256-GRN', options: { Storage: '256GB', Colour: 'Palm Green' }, priceKes: 42999, stock: 5 },
        { sku: 'OPP-RENO11F-256-BLU', options: { Storage: '256GB', Colour: 'Ocean Blue' }, priceKes: 42999, stock: 4 },
      ],
      image: { motif: 'phone', background: '#def3f6', accent: '#1b6f80' },
    },
    {
      slug: 'oppo-reno-11-5g',
      title: 'Oppo Reno 11 5G',
      brand: 'Oppo',
      categorySlug: 'phones',
      description:
        'Portrait-focused 5G phone with a 32MP telephoto lens and 67W SUPERVOOC charging. 1-year Oppo Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'OPP-RENO11-256-GRN', options: { Storage: '256GB', Colour: 'Wave Green' }, priceKes: 56999, compareAtKes: 61999, stock: 3 },
        { sku: 'OPP-RENO11-256-GRY', options: { Storage: '256GB', Colour: 'Rock Grey' }, priceKes: 56999, compareAtKes: 61999, stock: 2 },
      ],
      image: { motif: 'phone', background: '#e4efe6', accent: '#3c6e4a' },
    },
    // ---------------------------------------------------------------- Xiaomi phones
    {
      slug: 'redmi-a3',
      title: 'Xiaomi Redmi A3',
      brand: 'Xiaomi',
      categorySlug: 'phones',
      description:
        'Affordable dual SIM with a 6.7-inch 90Hz screen and 5000mAh battery. 1-year Xiaomi warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'XIA-RA3-64-BLK', options: { Storage: '64GB', Colour: 'Midnight Black' }, priceKes: 10999, stock: 11 },
        { sku: 'XIA-RA3-64-GRN', options: { Storage: '64GB', Colour: 'Forest Green' }, priceKes: 10999, stock: 6 },
        { sku: 'XIA-RA3-128-BLK', options: { Storage: '128GB', Colour: 'Midnight Black' }, priceKes: 12499, stock: 7 },
      ],
      image: { motif: 'phone', background: '#fff0e6', accent: '#d9541e' },
    },
    {
      slug: 'redmi-13c',
      title: 'Xiaomi Redmi 13C',
      brand: 'Xiaomi',
      categorySlug: 'phones',
      description:
        'Dual SIM, 50MP camera, 6.74-inch display and side fingerprint sensor. 1-year Xiaomi warranty; 18W charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'XIA-R13C-128-BLK', options: { Storage: '128GB', Colour: 'Midnight Black' }, priceKes: 14999, stock: 12 },
        { sku: 'XIA-R13C-128-BLU', options: { Storage: '128GB', Colour: 'Navy Blue' }, priceKes: 14999, stock: 6 },
        { sku: 'XIA-R13C-256-GRN', options: { Storage: '256GB', Colour: 'Clover Green' }, priceKes: 17499, compareAtKes: 18499, stock: 4 },
      ],
      image: { motif: 'phone', background: '#ffeee8', accent: '#c2410c' },
    },
    {
      slug: 'redmi-note-13',
      title: 'Xiaomi Redmi Note 13',
      brand: 'Xiaomi',
      categorySlug: 'phones',
      description:
        '120Hz AMOLED screen, 108MP camera and 33W fast charging. 1-year Xiaomi warranty; charger in the box.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'XIA-RN13-256-BLK', options: { Storage: '256GB', Colour: 'Midnight Black' }, priceKes: 26999, stock: 8 },
        { sku: 'XIA-RN13-256-BLU', options: { Storage: '256GB', Colour: 'Ice Blue' }, priceKes: 26999, stock: 5 },
        { sku: 'XIA-RN13-256-GRN', options: { Storage: '256GB', Colour: 'Mint Green' }, priceKes: 26999, stock: 3 },
      ],
      image: { motif: 'phone', background: '#e8f6f8', accent: '#13707f' },
    },
    {
      slug: 'redmi-note-13-pro',
      title: 'Xiaomi Redmi Note 13 Pro',
      brand: 'Xiaomi',
      categorySlug: 'phones',
      description:
        '200MP OIS camera, 1.5K AMOLED display and 67W turbo charging. 1-year Xiaomi warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'XIA-RN13P-256-BLK', options: { Storage: '256GB', Colour: 'Midnight Black' }, priceKes: 38999, stock: 5 },
        { sku: 'XIA-RN13P-512-PUR', options: { Storage: '512GB', Colour: 'Lavender Purple' }, priceKes: 44999, stock: 2 },
      ],
      image: { motif: 'phone', background: '#f0e9f8', accent: '#6a3d9a' },
    },
    // ---------------------------------------------------------------- Apple phones
    {
      slug: 'iphone-11-ex-uk',
      title: 'iPhone 11 (Ex-UK, Grade A)',
      brand: 'Apple',
      categorySlug: 'phones',
      description:
        'Ex-UK unit in Grade A condition, tested with battery health above 85%. 3-month shop warranty; comes with a cable and free screen protector.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'APL-IP11-64-BLK', options: { Storage: '64GB', Colour: 'Black' }, priceKes: 37999, stock: 5 },
        { sku: 'APL-IP11-64-WHT', options: { Storage: '64GB', Colour: 'White' }, priceKes: 37999, stock: 3 },
        { sku: 'APL-IP11-128-BLK', options: { Storage: '128GB', Colour: 'Black' }, priceKes: 42999, stock: 4 },
        { sku: 'APL-IP11-128-RED', options: { Storage: '128GB', Colour: 'Red' }, priceKes: 42999, stock: 1 },
      ],
      image: { motif: 'phone', background: '#f4f4f5', accent: '#27272a' },
    },
    {
      slug: 'iphone-12-ex-uk',
      title: 'iPhone 12 (Ex-UK, Grade A)',
      brand: 'Apple',
      categorySlug: 'phones',
      description:
        'Ex-UK 5G iPhone, Grade A body, battery health above 85% and Face ID working. 3-month shop warranty with cable included.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'APL-IP12-64-BLK', options: { Storage: '64GB', Colour: 'Black' }, priceKes: 46999, stock: 3 },
        { sku: 'APL-IP12-128-BLK', options: { Storage: '128GB', Colour: 'Black' }, priceKes: 51999, stock: 4 },
        { sku: 'APL-IP12-128-BLU', options: { Storage: '128GB', Colour: 'Blue' }, priceKes: 51999, stock: 2 },
      ],
      image: { motif: 'phone', background: '#e6eefb', accent: '#1e3a8a' },
    },
    {
      slug: 'iphone-13-ex-uk',
      title: 'iPhone 13 (Ex-UK, Grade A)',
      brand: 'Apple',
      categorySlug: 'phones',
      description:
        'Ex-UK unit, Grade A, battery health above 85% and unlocked for any Kenyan line. 3-month shop warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'APL-IP13-128-MID', options: { Storage: '128GB', Colour: 'Midnight' }, priceKes: 63999, compareAtKes: 67999, stock: 4 },
        { sku: 'APL-IP13-128-PNK', options: { Storage: '128GB', Colour: 'Pink' }, priceKes: 63999, stock: 2 },
        { sku: 'APL-IP13-256-MID', options: { Storage: '256GB', Colour: 'Midnight' }, priceKes: 71999, stock: 1 },
      ],
      image: { motif: 'phone', background: '#fbe9ef', accent: '#9d2c55' },
    },
    {
      slug: 'iphone-15',
      title: 'iPhone 15 (Brand New)',
      brand: 'Apple',
      categorySlug: 'phones',
      description:
        'Brand new, sealed box with USB-C cable, Dynamic Island and a 48MP camera. 1-year warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'APL-IP15-128-BLK', options: { Storage: '128GB', Colour: 'Black' }, priceKes: 124999, stock: 3 },
        { sku: 'APL-IP15-128-BLU', options: { Storage: '128GB', Colour: 'Blue' }, priceKes: 124999, stock: 2 },
        { sku: 'APL-IP15-256-BLK', options: { Storage: '256GB', Colour: 'Black' }, priceKes: 142999, stock: 1 },
      ],
      image: { motif: 'phone', background: '#e9f0f7', accent: '#334155' },
    },
    // ---------------------------------------------------------------- Laptops
    {
      slug: 'hp-elitebook-840-g5-refurbished',
      title: 'HP EliteBook 840 G5 (Refurbished)',
      brand: 'HP',
      categorySlug: 'laptops',
      description:
        'Refurbished 14-inch business laptop, Intel Core i5 8th Gen with SSD and Windows 11 Pro installed. 6-month shop warranty; charger included.',
      optionNames: ['Memory', 'Storage'],
      variants: [
        { sku: 'HP-840G5-8-256', options: { Memory: '8GB RAM', Storage: '256GB SSD' }, priceKes: 32999, stock: 9 },
        { sku: 'HP-840G5-16-512', options: { Memory: '16GB RAM', Storage: '512GB SSD' }, priceKes: 39999, compareAtKes: 42999, stock: 5 },
      ],
      image: { motif: 'laptop', background: '#e9eef3', accent: '#1f2d3d' },
    },
    {
      slug: 'lenovo-thinkpad-t480-refurbished',
      title: 'Lenovo ThinkPad T480 (Refurbished)',
      brand: 'Lenovo',
      categorySlug: 'laptops',
      description:
        'Refurbished 14-inch ThinkPad, Core i5 8th Gen, backlit keyboard and Windows 11 Pro. 6-month shop warranty; charger included.',
      optionNames: ['Memory', 'Storage'],
      variants: [
        { sku: 'LEN-T480-8-256', options: { Memory: '8GB RAM', Storage: '256GB SSD' }, priceKes: 29999, stock: 7 },
        { sku: 'LEN-T480-16-512', options: { Memory: '16GB RAM', Storage: '512GB SSD' }, priceKes: 36999, stock: 3 },
      ],
      image: { motif: 'laptop', background: '#ececec', accent: '#c8102e' },
    },
    {
      slug: 'dell-latitude-5490-refurbished',
      title: 'Dell Latitude 5490 (Refurbished)',
      brand: 'Dell',
      categorySlug: 'laptops',
      description:
        'Refurbished 14-inch Latitude with Core i5 8th Gen, 8GB RAM and 256GB SSD. 6-month shop warranty; charger and laptop bag included.',
      optionNames: [],
      variants: [{ sku: 'DEL-5490-8-256', options: {}, priceKes: 28499, compareAtKes: 30999, stock: 6 }],
      image: { motif: 'laptop', background: '#e4ecf5', accent: '#0b5394' },
    },
    {
      slug: 'hp-probook-450-g8-refurbished',
      title: 'HP ProBook 450 G8 (Refurbished)',
      brand: 'HP',
      categorySlug: 'laptops',
      description:
        'Refurbished 15.6-inch laptop with Core i5 11th Gen, numeric keypad and full HD screen. 6-month shop warranty.',
      optionNames: ['Memory', 'Storage'],
      variants: [
        { sku: 'HP-450G8-8-256', options: { Memory: '8GB RAM', Storage: '256GB SSD' }, priceKes: 42999, stock: 4 },
        { sku: 'HP-450G8-16-512', options: { Memory: '16GB RAM', Storage: '512GB SSD' }, priceKes: 49999, stock: 0 },
      ],
      image: { motif: 'laptop', background: '#eef0f4', accent: '#41506b' },
    },
    {
      slug: 'hp-250-g9',
      title: 'HP 250 G9 15.6" Laptop',
      brand: 'HP',
      categorySlug: 'laptops',
      description:
        'Brand new 15.6-inch laptop with full HD screen and SSD, ideal for students and office work. 1-year HP warranty; ships with FreeDOS.',
      optionNames: ['Processor'],
      variants: [
        { sku: 'HP-250G9-I3', options: { Processor: 'Core i3, 8GB, 256GB SSD' }, priceKes: 52999, stock: 6 },
        { sku: 'HP-250G9-I5', options: { Processor: 'Core i5, 8GB, 512GB SSD' }, priceKes: 64999, compareAtKes: 68999, stock: 4 },
      ],
      image: { motif: 'laptop', background: '#e5f0fa', accent: '#0096d6' },
    },
    {
      slug: 'lenovo-ideapad-slim-3',
      title: 'Lenovo IdeaPad Slim 3 15"',
      brand: 'Lenovo',
      categorySlug: 'laptops',
      description:
        'Brand new, Core i5 12th Gen, 8GB RAM and 512GB SSD with Windows 11 Home. 1-year Lenovo warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'LEN-IPS3-I5-GRY', options: { Colour: 'Arctic Grey' }, priceKes: 68999, stock: 5 },
        { sku: 'LEN-IPS3-I5-BLU', options: { Colour: 'Abyss Blue' }, priceKes: 68999, stock: 3 },
      ],
      image: { motif: 'laptop', background: '#e8ebf2', accent: '#2b3a67' },
    },
    {
      slug: 'dell-inspiron-15-3520',
      title: 'Dell Inspiron 15 3520',
      brand: 'Dell',
      categorySlug: 'laptops',
      description:
        'Brand new Core i5 12th Gen, 8GB RAM, 512GB SSD and a 120Hz full HD screen. 1-year Dell warranty; Windows 11 Home.',
      optionNames: [],
      variants: [{ sku: 'DEL-3520-I5', options: {}, priceKes: 72999, stock: 4 }],
      image: { motif: 'laptop', background: '#e3eef7', accent: '#00447c' },
    },
    {
      slug: 'macbook-air-13-m2',
      title: 'MacBook Air 13" M2',
      brand: 'Apple',
      categorySlug: 'laptops',
      description:
        'Brand new Apple M2 chip, 8GB memory and 256GB SSD with up to 18 hours of battery. 1-year warranty; 30W USB-C charger in the box.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'APL-MBA-M2-MID', options: { Colour: 'Midnight' }, priceKes: 124999, compareAtKes: 134999, stock: 3 },
        { sku: 'APL-MBA-M2-SLV', options: { Colour: 'Silver' }, priceKes: 124999, stock: 2 },
        { sku: 'APL-MBA-M2-STL', options: { Colour: 'Starlight' }, priceKes: 124999, stock: 2 },
      ],
      image: { motif: 'laptop', background: '#f1f1f4', accent: '#2e2e3a' },
    },
    // ---------------------------------------------------------------- Tablets
    {
      slug: 'samsung-galaxy-tab-a9',
      title: 'Samsung Galaxy Tab A9 (LTE)',
      brand: 'Samsung',
      categorySlug: 'tablets',
      description:
        '8.7-inch tablet with a SIM slot for calls and data, metal body and 5100mAh battery. 1-year Samsung Kenya warranty.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'SAM-TABA9-64-GRY', options: { Storage: '64GB', Colour: 'Graphite' }, priceKes: 19999, stock: 6 },
        { sku: 'SAM-TABA9-64-SLV', options: { Storage: '64GB', Colour: 'Silver' }, priceKes: 19999, stock: 4 },
        { sku: 'SAM-TABA9-128-GRY', options: { Storage: '128GB', Colour: 'Graphite' }, priceKes: 22999, stock: 3 },
      ],
      image: { motif: 'tablet', background: '#e7ecf2', accent: '#3b4a5e' },
    },
    {
      slug: 'samsung-galaxy-tab-a9-plus',
      title: 'Samsung Galaxy Tab A9+ (Wi-Fi)',
      brand: 'Samsung',
      categorySlug: 'tablets',
      description:
        '11-inch 90Hz screen with quad speakers, great for streaming and school work. 1-year Samsung Kenya warranty.',
      optionNames: ['Storage'],
      variants: [
        { sku: 'SAM-TABA9P-64', options: { Storage: '64GB' }, priceKes: 26999, stock: 5 },
        { sku: 'SAM-TABA9P-128', options: { Storage: '128GB' }, priceKes: 29999, compareAtKes: 32999, stock: 3 },
      ],
      image: { motif: 'tablet', background: '#e4eaf6', accent: '#2f4b8a' },
    },
    {
      slug: 'tecno-megapad-11',
      title: 'Tecno Megapad 11',
      brand: 'Tecno',
      categorySlug: 'tablets',
      description:
        '11-inch tablet with 4G SIM support, 8000mAh battery and quad speakers. 1-year Tecno warranty; charger included.',
      optionNames: [],
      variants: [{ sku: 'TEC-MPAD11-128', options: {}, priceKes: 23999, stock: 7 }],
      image: { motif: 'tablet', background: '#e5f3f0', accent: '#1e6f62' },
    },
    {
      slug: 'redmi-pad-se',
      title: 'Xiaomi Redmi Pad SE',
      brand: 'Xiaomi',
      categorySlug: 'tablets',
      description:
        '11-inch 90Hz display, Dolby Atmos quad speakers and an 8000mAh battery. 1-year Xiaomi warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'XIA-RPADSE-GRY', options: { Colour: 'Graphite Grey' }, priceKes: 22999, stock: 4 },
        { sku: 'XIA-RPADSE-GRN', options: { Colour: 'Mint Green' }, priceKes: 22999, stock: 2 },
      ],
      image: { motif: 'tablet', background: '#e8f5ec', accent: '#2c7a4b' },
    },
    {
      slug: 'ipad-10th-gen',
      title: 'iPad 10th Gen 10.9" (Wi-Fi)',
      brand: 'Apple',
      categorySlug: 'tablets',
      description:
        'Brand new, A14 Bionic chip, USB-C and Touch ID on the top button. 1-year warranty; sealed box with cable.',
      optionNames: ['Storage', 'Colour'],
      variants: [
        { sku: 'APL-IPAD10-64-BLU', options: { Storage: '64GB', Colour: 'Blue' }, priceKes: 54999, stock: 3 },
        { sku: 'APL-IPAD10-64-SLV', options: { Storage: '64GB', Colour: 'Silver' }, priceKes: 54999, stock: 2 },
        { sku: 'APL-IPAD10-256-BLU', options: { Storage: '256GB', Colour: 'Blue' }, priceKes: 72999, stock: 1 },
      ],
      image: { motif: 'tablet', background: '#e2effb', accent: '#2563eb' },
    },
    {
      slug: 'modio-kids-tablet-7',
      title: 'Modio Kids Tablet 7"',
      brand: 'Modio',
      categorySlug: 'tablets',
      description:
        '7-inch Android kids tablet with a shockproof silicone case and parental controls. 3-month shop warranty; charger included.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'MOD-KIDS7-BLU', options: { Colour: 'Blue' }, priceKes: 6499, stock: 10 },
        { sku: 'MOD-KIDS7-PNK', options: { Colour: 'Pink' }, priceKes: 6499, stock: 8 },
      ],
      image: { motif: 'tablet', background: '#fde7f1', accent: '#d63384' },
    },
    // ---------------------------------------------------------------- Audio
    {
      slug: 'oraimo-freepods-4',
      title: 'Oraimo FreePods 4 ANC Earbuds',
      brand: 'Oraimo',
      categorySlug: 'audio',
      description:
        'True wireless earbuds with active noise cancellation and up to 35 hours with the case. 1-year Oraimo warranty; USB-C cable included.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ORA-FP4-BLK', options: { Colour: 'Black' }, priceKes: 3999, compareAtKes: 4499, stock: 25 },
        { sku: 'ORA-FP4-WHT', options: { Colour: 'White' }, priceKes: 3999, compareAtKes: 4499, stock: 14 },
      ],
      image: { motif: 'earbuds', background: '#eafbe6', accent: '#3aa935' },
    },
    {
      slug: 'oraimo-freepods-lite',
      title: 'Oraimo FreePods Lite Earbuds',
      brand: 'Oraimo',
      categorySlug: 'audio',
      description:
        'Light everyday earbuds with ENC mic for clear calls and about 40 hours total playtime. 6-month Oraimo warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ORA-FPLITE-BLK', options: { Colour: 'Black' }, priceKes: 2299, stock: 30 },
        { sku: 'ORA-FPLITE-WHT', options: { Colour: 'White' }, priceKes: 2299, stock: 18 },
      ],
      image: { motif: 'earbuds', background: '#f0fbe9', accent: '#4c9a2a' },
    },
    {
      slug: 'oraimo-boompop-2',
      title: 'Oraimo BoomPop 2 Wireless Headphones',
      brand: 'Oraimo',
      categorySlug: 'audio',
      description:
        'Over-ear Bluetooth headphones with deep bass and about 50 hours of playback; folds flat for the matatu. 6-month Oraimo warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ORA-BPOP2-BLK', options: { Colour: 'Black' }, priceKes: 2999, stock: 16 },
        { sku: 'ORA-BPOP2-BLU', options: { Colour: 'Blue' }, priceKes: 2999, stock: 7 },
      ],
      image: { motif: 'headphones', background: '#e5f6e0', accent: '#2f7d32' },
    },
    {
      slug: 'samsung-galaxy-buds-fe',
      title: 'Samsung Galaxy Buds FE',
      brand: 'Samsung',
      categorySlug: 'audio',
      description:
        'Comfortable earbuds with wing tips, active noise cancellation and quick pairing to Galaxy phones. 1-year Samsung Kenya warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SAM-BUDSFE-GRP', options: { Colour: 'Graphite' }, priceKes: 9999, compareAtKes: 11999, stock: 8 },
        { sku: 'SAM-BUDSFE-WHT', options: { Colour: 'White' }, priceKes: 9999, compareAtKes: 11999, stock: 5 },
      ],
      image: { motif: 'earbuds', background: '#eceff3', accent: '#374151' },
    },
    {
      slug: 'apple-airpods-pro-2',
      title: 'Apple AirPods Pro (2nd Gen, USB-C)',
      brand: 'Apple',
      categorySlug: 'audio',
      description:
        'Genuine AirPods Pro with active noise cancellation and a MagSafe USB-C case. 1-year warranty; sealed box.',
      optionNames: [],
      variants: [{ sku: 'APL-APP2-USBC', options: {}, priceKes: 32999, stock: 4 }],
      image: { motif: 'earbuds', background: '#f5f5f7', accent: '#1d1d1f' },
    },
    {
      slug: 'jbl-tune-520bt',
      title: 'JBL Tune 520BT Headphones',
      brand: 'JBL',
      categorySlug: 'audio',
      description:
        'On-ear wireless headphones with JBL Pure Bass and up to 57 hours of battery. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'JBL-T520-BLK', options: { Colour: 'Black' }, priceKes: 6999, stock: 9 },
        { sku: 'JBL-T520-BLU', options: { Colour: 'Blue' }, priceKes: 6999, stock: 4 },
        { sku: 'JBL-T520-PUR', options: { Colour: 'Purple' }, priceKes: 6999, stock: 0 },
      ],
      image: { motif: 'headphones', background: '#fff0e5', accent: '#ff5a00' },
    },
    {
      slug: 'sony-wh-ch520',
      title: 'Sony WH-CH520 Headphones',
      brand: 'Sony',
      categorySlug: 'audio',
      description:
        'Light on-ear Bluetooth headphones with up to 50 hours of battery and a built-in mic. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'SNY-CH520-BLK', options: { Colour: 'Black' }, priceKes: 7999, stock: 6 },
        { sku: 'SNY-CH520-BEI', options: { Colour: 'Beige' }, priceKes: 7999, stock: 3 },
      ],
      image: { motif: 'headphones', background: '#f4efe6', accent: '#5c4a32' },
    },
    {
      slug: 'jbl-flip-6',
      title: 'JBL Flip 6 Bluetooth Speaker',
      brand: 'JBL',
      categorySlug: 'audio',
      description:
        'Portable IP67 waterproof speaker with punchy bass and about 12 hours of playtime. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'JBL-FLIP6-BLK', options: { Colour: 'Black' }, priceKes: 15999, compareAtKes: 17999, stock: 6 },
        { sku: 'JBL-FLIP6-RED', options: { Colour: 'Red' }, priceKes: 15999, compareAtKes: 17999, stock: 3 },
        { sku: 'JBL-FLIP6-BLU', options: { Colour: 'Blue' }, priceKes: 15999, stock: 2 },
      ],
      image: { motif: 'speaker', background: '#ffe9e3', accent: '#e0301e' },
    },
    {
      slug: 'jbl-go-3',
      title: 'JBL Go 3 Mini Speaker',
      brand: 'JBL',
      categorySlug: 'audio',
      description:
        'Pocket-sized waterproof speaker with a loop for your bag, about 5 hours of playtime. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'JBL-GO3-BLK', options: { Colour: 'Black' }, priceKes: 5499, stock: 10 },
        { sku: 'JBL-GO3-BLU', options: { Colour: 'Blue' }, priceKes: 5499, stock: 6 },
        { sku: 'JBL-GO3-PNK', options: { Colour: 'Pink' }, priceKes: 5499, stock: 4 },
      ],
      image: { motif: 'speaker', background: '#e4f1ff', accent: '#0a58ca' },
    },
    {
      slug: 'oraimo-soundgo-speaker',
      title: 'Oraimo SoundGo Bluetooth Speaker',
      brand: 'Oraimo',
      categorySlug: 'audio',
      description:
        'Splash-proof portable speaker with strong bass and about 20 hours of play. 6-month Oraimo warranty.',
      optionNames: [],
      variants: [{ sku: 'ORA-SGO-BLK', options: {}, priceKes: 3499, stock: 12 }],
      image: { motif: 'speaker', background: '#e9f8e4', accent: '#2e8b2e' },
    },
    {
      slug: 'vitron-2-1-subwoofer-system',
      title: 'Vitron 2.1 Subwoofer System with Bluetooth',
      brand: 'Vitron',
      categorySlug: 'audio',
      description:
        'Home speaker system with subwoofer, Bluetooth, USB, FM radio and remote. 1-year warranty; connects to TV by AUX.',
      optionNames: [],
      variants: [{ sku: 'VIT-SUB21-BT', options: {}, priceKes: 6999, compareAtKes: 7999, stock: 8 }],
      image: { motif: 'speaker', background: '#f1ebf8', accent: '#5b2a86' },
    },
    // ---------------------------------------------------------------- Accessories
    {
      slug: 'oraimo-traveler-4-power-bank-20000',
      title: 'Oraimo Traveler 4 20000mAh Power Bank',
      brand: 'Oraimo',
      categorySlug: 'accessories',
      description:
        '20000mAh power bank with 22.5W fast charging, two USB-A outputs and USB-C in/out. 1-year Oraimo warranty; charging cable included.',
      optionNames: [],
      variants: [{ sku: 'ORA-TRV4-20K', options: {}, priceKes: 2299, stock: 40 }],
      image: { motif: 'charger', background: '#e7f8e1', accent: '#319a2c' },
    },
    {
      slug: 'oraimo-toast-27000-power-bank',
      title: 'Oraimo Toast 27000mAh Power Bank',
      brand: 'Oraimo',
      categorySlug: 'accessories',
      description:
        'High-capacity 27000mAh bank for long blackouts and safaris, charges a phone about five times. 1-year Oraimo warranty.',
      optionNames: [],
      variants: [{ sku: 'ORA-TST-27K', options: {}, priceKes: 3499, compareAtKes: 3999, stock: 15 }],
      image: { motif: 'charger', background: '#eef7e2', accent: '#5a8f1c' },
    },
    {
      slug: 'oraimo-18w-fast-charger',
      title: 'Oraimo 18W Fast Charger with USB-C Cable',
      brand: 'Oraimo',
      categorySlug: 'accessories',
      description:
        'Genuine Oraimo 18W wall charger with a 1m USB-C cable, works with Tecno, Infinix and Samsung phones. 6-month warranty.',
      optionNames: [],
      variants: [{ sku: 'ORA-CHG18-USBC', options: {}, priceKes: 899, stock: 50 }],
      image: { motif: 'charger', background: '#f2fbe9', accent: '#3d8b1f' },
    },
    {
      slug: 'samsung-25w-charger',
      title: 'Samsung 25W USB-C Super Fast Charger',
      brand: 'Samsung',
      categorySlug: 'accessories',
      description:
        'Original Samsung 25W adapter for Galaxy A and S phones. Adapter only, cable sold separately; 6-month warranty.',
      optionNames: [],
      variants: [{ sku: 'SAM-CHG25W', options: {}, priceKes: 2499, stock: 18 }],
      image: { motif: 'charger', background: '#eef0f3', accent: '#1f2937' },
    },
    {
      slug: 'apple-20w-usb-c-adapter',
      title: 'Apple 20W USB-C Power Adapter',
      brand: 'Apple',
      categorySlug: 'accessories',
      description:
        'Genuine Apple 20W adapter for fast charging iPhone and iPad. Adapter only; 6-month warranty.',
      optionNames: [],
      variants: [{ sku: 'APL-ADP20W', options: {}, priceKes: 2999, stock: 12 }],
      image: { motif: 'charger', background: '#fafafa', accent: '#6b7280' },
    },
    {
      slug: 'oraimo-usb-c-cable',
      title: 'Oraimo USB-C Braided Cable',
      brand: 'Oraimo',
      categorySlug: 'accessories',
      description:
        'Braided fast-charging and data cable that survives daily use. 6-month warranty.',
      optionNames: ['Length'],
      variants: [
        { sku: 'ORA-CBL-C-1M', options: { Length: '1m' }, priceKes: 399, stock: 60 },
        { sku: 'ORA-CBL-C-2M', options: { Length: '2m' }, priceKes: 549, stock: 35 },
      ],
      image: { motif: 'charger', background: '#e6f6ea', accent: '#237a3b' },
    },
    {
      slug: 'oraimo-dual-usb-car-charger',
      title: 'Oraimo Dual USB Car Charger',
      brand: 'Oraimo',
      categorySlug: 'accessories',
      description:
        'Dual-port car charger with fast charging for two phones at once, fits any cigarette-lighter socket. 6-month warranty.',
      optionNames: [],
      variants: [{ sku: 'ORA-CAR-DUAL', options: {}, priceKes: 999, stock: 22 }],
      image: { motif: 'charger', background: '#edf6e8', accent: '#466d1d' },
    },
    {
      slug: 'sandisk-ultra-microsd',
      title: 'SanDisk Ultra microSD Card',
      brand: 'SanDisk',
      categorySlug: 'accessories',
      description:
        'Genuine Class 10 microSD card for phones, tablets and dashcams, with SD adapter. Limited manufacturer warranty.',
      optionNames: ['Capacity'],
      variants: [
        { sku: 'SDK-USD-32', options: { Capacity: '32GB' }, priceKes: 699, stock: 30 },
        { sku: 'SDK-USD-64', options: { Capacity: '64GB' }, priceKes: 1099, stock: 25 },
        { sku: 'SDK-USD-128', options: { Capacity: '128GB' }, priceKes: 1799, stock: 14 },
      ],
      image: { motif: 'box', background: '#fdeaea', accent: '#c81e1e' },
    },
    {
      slug: 'tempered-glass-screen-protector',
      title: 'Tempered Glass Screen Protector',
      categorySlug: 'accessories',
      description:
        '9H full-glue tempered glass, cut for your exact model. Free fitting at the shop when you buy.',
      optionNames: ['Type'],
      variants: [
        { sku: 'ACC-TG-CLEAR', options: { Type: 'Clear' }, priceKes: 300, stock: 120 },
        { sku: 'ACC-TG-PRIVACY', options: { Type: 'Privacy' }, priceKes: 700, stock: 45 },
      ],
      image: { motif: 'phone', background: '#eef6fb', accent: '#4b90c2' },
    },
    {
      slug: 'silicone-phone-case',
      title: 'Silicone Back Cover',
      categorySlug: 'accessories',
      description:
        'Soft-touch silicone case with a microfibre lining, available for most Samsung, Tecno, Infinix and iPhone models. Tell us your model on WhatsApp.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'ACC-CASE-BLK', options: { Colour: 'Black' }, priceKes: 500, stock: 80 },
        { sku: 'ACC-CASE-NVY', options: { Colour: 'Navy' }, priceKes: 500, stock: 50 },
        { sku: 'ACC-CASE-PNK', options: { Colour: 'Pink' }, priceKes: 500, stock: 40 },
      ],
      image: { motif: 'phone', background: '#fdeef4', accent: '#b83266' },
    },
    // ---------------------------------------------------------------- TVs
    {
      slug: 'vitron-32-smart-tv',
      title: 'Vitron 32" Frameless Smart TV',
      brand: 'Vitron',
      categorySlug: 'tvs',
      description:
        'HD smart TV with Netflix and YouTube, built-in free-to-air decoder and wall bracket in the box. 1-year warranty.',
      optionNames: [],
      variants: [{ sku: 'VIT-TV32-SMART', options: {}, priceKes: 13999, compareAtKes: 15999, stock: 12 }],
      image: { motif: 'tv', background: '#eceaf6', accent: '#3d2f7a' },
    },
    {
      slug: 'vitron-43-android-tv',
      title: 'Vitron 43" Frameless Android TV',
      brand: 'Vitron',
      categorySlug: 'tvs',
      description:
        'Full HD Android TV with Google Play, built-in decoder and Bluetooth. 1-year warranty; remote and wall bracket included.',
      optionNames: [],
      variants: [{ sku: 'VIT-TV43-ANDR', options: {}, priceKes: 22999, stock: 8 }],
      image: { motif: 'tv', background: '#e8e6f4', accent: '#2f2566' },
    },
    {
      slug: 'hisense-32-a4-smart-tv',
      title: 'Hisense 32" A4 VIDAA Smart TV',
      brand: 'Hisense',
      categorySlug: 'tvs',
      description:
        'HD VIDAA smart TV with Netflix, YouTube and Showmax, plus a built-in digital tuner. 2-year Hisense warranty.',
      optionNames: [],
      variants: [{ sku: 'HIS-TV32-A4', options: {}, priceKes: 17999, stock: 9 }],
      image: { motif: 'tv', background: '#e3f3f4', accent: '#00838f' },
    },
    {
      slug: 'hisense-a6-4k-uhd-tv',
      title: 'Hisense A6 4K UHD Smart TV',
      brand: 'Hisense',
      categorySlug: 'tvs',
      description:
        '4K VIDAA smart TV with Dolby Vision, DTS Virtual:X and built-in tuner. 2-year Hisense warranty; free delivery within Nairobi.',
      optionNames: ['Size'],
      variants: [
        { sku: 'HIS-A6-43', options: { Size: '43"' }, priceKes: 33999, stock: 6 },
        { sku: 'HIS-A6-50', options: { Size: '50"' }, priceKes: 41999, stock: 4 },
        { sku: 'HIS-A6-55', options: { Size: '55"' }, priceKes: 49999, compareAtKes: 54999, stock: 3 },
        { sku: 'HIS-A6-65', options: { Size: '65"' }, priceKes: 72999, stock: 0 },
      ],
      image: { motif: 'tv', background: '#dff2f1', accent: '#00695c' },
    },
    {
      slug: 'tcl-p635-4k-google-tv',
      title: 'TCL P635 4K Google TV',
      brand: 'TCL',
      categorySlug: 'tvs',
      description:
        '4K HDR Google TV with Chromecast built-in, Google Assistant and Dolby Audio. 1-year TCL warranty; free delivery within Nairobi.',
      optionNames: ['Size'],
      variants: [
        { sku: 'TCL-P635-43', options: { Size: '43"' }, priceKes: 36999, stock: 5 },
        { sku: 'TCL-P635-50', options: { Size: '50"' }, priceKes: 44999, stock: 4 },
        { sku: 'TCL-P635-55', options: { Size: '55"' }, priceKes: 52999, compareAtKes: 57999, stock: 3 },
      ],
      image: { motif: 'tv', background: '#e6edf9', accent: '#c8102e' },
    },
    {
      slug: 'samsung-crystal-uhd-4k-tv',
      title: 'Samsung Crystal UHD 4K Smart TV',
      brand: 'Samsung',
      categorySlug: 'tvs',
      description:
        'Crystal Processor 4K with Tizen smart hub, AirSlim design and built-in tuner. 2-year Samsung Kenya warranty.',
      optionNames: ['Size'],
      variants: [
        { sku: 'SAM-CU-43', options: { Size: '43"' }, priceKes: 44999, stock: 4 },
        { sku: 'SAM-CU-55', options: { Size: '55"' }, priceKes: 64999, compareAtKes: 69999, stock: 3 },
        { sku: 'SAM-CU-65', options: { Size: '65"' }, priceKes: 89999, stock: 1 },
      ],
      image: { motif: 'tv', background: '#e9ecf2', accent: '#1428a0' },
    },
  ],
};
