/**
 * Demo catalogue: Nyumba Living, a home and furniture store on Ngong Road, Nairobi.
 * Prices are integer KES (VAT inclusive). Bed, mattress and bedding sizes are in feet (5x6 = 5 ft x 6 ft).
 */
import type { SeedStore } from '../types';

export const nyumbaLiving: SeedStore = {
  slug: 'nyumba-living',
  name: 'Nyumba Living',
  vertical: 'home',
  tagline: 'Fanya nyumba iwe home: furniture, kitchen and decor',
  whatsappNumber: '254733456789',
  location: 'Ngong Road, opposite Prestige Plaza, Nairobi',
  mpesa: { kind: 'paybill', shortcode: '4234567' },
  defaultLanguage: 'sw',
  returnPolicy:
    'Small items can be returned unused within 14 days; furniture and mattresses are inspected on delivery and swapped free if damaged. Made-to-order pieces are not returnable.',
  categories: [
    { slug: 'living-room', name: 'Living Room' },
    { slug: 'bedroom', name: 'Bedroom' },
    { slug: 'kitchen', name: 'Kitchen' },
    { slug: 'decor', name: 'Decor & Plants' },
    { slug: 'lighting', name: 'Lighting', parentSlug: 'decor' },
    { slug: 'bathroom', name: 'Bathroom' },
    { slug: 'storage', name: 'Storage' },
  ],
  products: [
    {
      slug: 'three-seater-fabric-sofa',
      title: '3-Seater Fabric Sofa',
      categorySlug: 'living-room',
      description:
        'Kiln-dried hardwood frame, high-density foam seats and zip-off cushion covers. 210 x 85 x 90 cm; delivered assembled.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-TSS-GREY', options: { Colour: 'Grey' }, priceKes: 38500, stock: 2 },
        { sku: 'NYL-TSS-NAVY', options: { Colour: 'Navy' }, priceKes: 38500, stock: 6 },
        { sku: 'NYL-TSS-MUST', options: { Colour: 'Mustard' }, priceKes: 38500, stock: 0 },
        { sku: 'NYL-TSS-BROW', options: { Colour: 'Brown' }, priceKes: 38500, stock: 7 },
      ],
      image: { motif: 'sofa', background: '#f1f3f5', accent: '#495057' },
    },
    {
      slug: 'l-shaped-sectional-sofa',
      title: 'L-Shaped 6-Seater Sectional Sofa',
      categorySlug: 'living-room',
      description:
        'Six-seater corner sofa, 280 x 180 cm, with a chaise on the side you choose (as you face it). Solid wood frame, pocket-spring seats, 2-year frame warranty.',
      optionNames: ['Orientation', 'Colour'],
      variants: [
        { sku: 'NYL-LSS-LC-GREY', options: { Orientation: 'Left Chaise', Colour: 'Grey' }, priceKes: 72000, compareAtKes: 85000, stock: 4 },
        { sku: 'NYL-LSS-RC-GREY', options: { Orientation: 'Right Chaise', Colour: 'Grey' }, priceKes: 72000, compareAtKes: 85000, stock: 7 },
        { sku: 'NYL-LSS-LC-BEIG', options: { Orientation: 'Left Chaise', Colour: 'Beige' }, priceKes: 72000, compareAtKes: 85000, stock: 7 },
        { sku: 'NYL-LSS-RC-BEIG', options: { Orientation: 'Right Chaise', Colour: 'Beige' }, priceKes: 72000, compareAtKes: 85000, stock: 1 },
      ],
      image: { motif: 'sofa', background: '#f8f1e7', accent: '#8c6d4f' },
    },
    {
      slug: 'five-seater-sofa-set',
      title: '5-Seater Sofa Set (3+1+1)',
      categorySlug: 'living-room',
      description:
        'A three-seater plus two armchairs in durable woven fabric. Foam density 32 so seats do not sag.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-FSS-BROW', options: { Colour: 'Brown' }, priceKes: 58000, stock: 8 },
        { sku: 'NYL-FSS-GREY', options: { Colour: 'Grey' }, priceKes: 58000, stock: 5 },
      ],
      image: { motif: 'sofa', background: '#fff4e6', accent: '#a0522d' },
    },
    {
      slug: 'two-seater-loveseat',
      title: '2-Seater Loveseat',
      categorySlug: 'living-room',
      description:
        'Compact sofa for apartments and bedsitters, 150 x 80 x 85 cm. Tapered wooden legs that screw off for narrow stairs.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-LVS-TEAL', options: { Colour: 'Teal' }, priceKes: 24500, stock: 4 },
        { sku: 'NYL-LVS-GREY', options: { Colour: 'Grey' }, priceKes: 24500, stock: 4 },
        { sku: 'NYL-LVS-RUST', options: { Colour: 'Rust' }, priceKes: 24500, stock: 6 },
      ],
      image: { motif: 'sofa', background: '#e6fcf5', accent: '#0ca678' },
    },
    {
      slug: 'velvet-accent-armchair',
      title: 'Velvet Accent Armchair',
      categorySlug: 'living-room',
      description:
        'Channel-tufted velvet armchair on a powder-coated steel frame. 75 x 78 x 80 cm.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-ACR-GV', options: { Colour: 'Green Velvet' }, priceKes: 18500, stock: 3 },
        { sku: 'NYL-ACR-MV', options: { Colour: 'Mustard Velvet' }, priceKes: 18500, stock: 4 },
      ],
      image: { motif: 'sofa', background: '#ebfbee', accent: '#2f9e44' },
    },
    {
      slug: 'wooden-coffee-table-glass-top',
      title: 'Wooden Coffee Table with Glass Top',
      categorySlug: 'living-room',
      description:
        'Cypress-wood frame with a tempered glass top and a lower shelf for magazines. 100 x 55 x 45 cm.',
      optionNames: [],
      variants: [
        { sku: 'NYL-CTG', options: {}, priceKes: 8500, compareAtKes: 9900, stock: 1 },
      ],
      image: { motif: 'box', background: '#f8f1e7', accent: '#8b5a2b' },
    },
    {
      slug: 'solid-mvule-coffee-table',
      title: 'Solid Mvule Coffee Table',
      categorySlug: 'living-room',
      description:
        'Made to order from solid mvule hardwood by carpenters in Gikomba, sealed with a natural oil finish. Allow 5 working days.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-MCT-100', options: { Size: '100 x 60 cm' }, priceKes: 14500, stock: 6 },
        { sku: 'NYL-MCT-120', options: { Size: '120 x 60 cm' }, priceKes: 17500, stock: 4 },
      ],
      image: { motif: 'box', background: '#f4ece4', accent: '#6f4518' },
    },
    {
      slug: 'tv-stand-65-inch',
      title: 'TV Stand (up to 65-inch)',
      categorySlug: 'living-room',
      description:
        '160 cm wide media unit with two drawers and open shelves for a decoder and soundbar. Cable holes at the back.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-TVS-WALN', options: { Colour: 'Walnut' }, priceKes: 12500, stock: 1 },
        { sku: 'NYL-TVS-WO', options: { Colour: 'White Oak' }, priceKes: 12500, stock: 5 },
        { sku: 'NYL-TVS-BLAC', options: { Colour: 'Black' }, priceKes: 12500, stock: 6 },
      ],
      image: { motif: 'box', background: '#f1f3f5', accent: '#343a40' },
    },
    {
      slug: 'knitted-pouf-ottoman',
      title: 'Knitted Pouf Ottoman',
      categorySlug: 'living-room',
      description:
        'Chunky hand-knitted cotton pouf filled with firm beads. 50 cm across; use it as a footrest or extra seat.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-OTP-GREY', options: { Colour: 'Grey' }, priceKes: 3500, stock: 20 },
        { sku: 'NYL-OTP-MUST', options: { Colour: 'Mustard' }, priceKes: 3500, stock: 21 },
        { sku: 'NYL-OTP-CREA', options: { Colour: 'Cream' }, priceKes: 3500, stock: 15 },
      ],
      image: { motif: 'box', background: '#fff9db', accent: '#f08c00' },
    },
    {
      slug: 'cushion-covers-set-of-4',
      title: 'Cushion Covers (Set of 4)',
      categorySlug: 'living-room',
      description:
        'Four 45 x 45 cm cushion covers with hidden zips. Inserts not included. Machine wash at 30 degrees.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-CCS-MUST', options: { Colour: 'Mustard' }, priceKes: 1800, stock: 57 },
        { sku: 'NYL-CCS-TEAL', options: { Colour: 'Teal' }, priceKes: 1800, stock: 48 },
        { sku: 'NYL-CCS-KP', options: { Colour: 'Kitenge Print' }, priceKes: 1800, stock: 32 },
        { sku: 'NYL-CCS-GREY', options: { Colour: 'Grey' }, priceKes: 1800, stock: 46 },
      ],
      image: { motif: 'sofa', background: '#fff4e6', accent: '#e8590c' },
    },
    {
      slug: 'blackout-curtains-with-sheer',
      title: 'Blackout Curtains with Sheer (per pair)',
      categorySlug: 'living-room',
      description:
        'A pair of thick blackout panels plus matching sheers, eyelet top. Drop is 2.6 m; choose the total width of your window.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-CRT-2M-GREY', options: { Size: '2 m wide', Colour: 'Grey' }, priceKes: 4200, stock: 10 },
        { sku: 'NYL-CRT-3M-GREY', options: { Size: '3 m wide', Colour: 'Grey' }, priceKes: 5600, stock: 18 },
        { sku: 'NYL-CRT-2M-BEIG', options: { Size: '2 m wide', Colour: 'Beige' }, priceKes: 4200, stock: 15 },
        { sku: 'NYL-CRT-3M-BEIG', options: { Size: '3 m wide', Colour: 'Beige' }, priceKes: 5600, stock: 9 },
        { sku: 'NYL-CRT-2M-NAVY', options: { Size: '2 m wide', Colour: 'Navy' }, priceKes: 4200, stock: 9 },
        { sku: 'NYL-CRT-3M-NAVY', options: { Size: '3 m wide', Colour: 'Navy' }, priceKes: 5600, stock: 9 },
      ],
      image: { motif: 'rug', background: '#edf2ff', accent: '#364fc7' },
    },
    {
      slug: 'shaggy-living-room-rug',
      title: 'Shaggy Living Room Rug',
      categorySlug: 'living-room',
      description:
        'Soft 4 cm pile with an anti-slip backing. Shake out and vacuum weekly; spot clean only.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-SHG-120-GREY', options: { Size: '120 x 160 cm', Colour: 'Grey' }, priceKes: 3800, stock: 18 },
        { sku: 'NYL-SHG-160-GREY', options: { Size: '160 x 230 cm', Colour: 'Grey' }, priceKes: 6500, stock: 21 },
        { sku: 'NYL-SHG-200-GREY', options: { Size: '200 x 290 cm', Colour: 'Grey' }, priceKes: 9800, compareAtKes: 11500, stock: 8 },
        { sku: 'NYL-SHG-120-CREA', options: { Size: '120 x 160 cm', Colour: 'Cream' }, priceKes: 3800, stock: 4 },
        { sku: 'NYL-SHG-160-CREA', options: { Size: '160 x 230 cm', Colour: 'Cream' }, priceKes: 6500, stock: 16 },
        { sku: 'NYL-SHG-200-CREA', options: { Size: '200 x 290 cm', Colour: 'Cream' }, priceKes: 9800, compareAtKes: 11500, stock: 9 },
      ],
      image: { motif: 'rug', background: '#f8f9fa', accent: '#868e96' },
    },
    {
      slug: 'hand-woven-sisal-rug',
      title: 'Hand-Woven Sisal Rug',
      categorySlug: 'living-room',
      description:
        'Natural Kenyan sisal, hand-woven in Machakos. Hard-wearing and great for hallways; keep dry.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-SWR-120', options: { Size: '120 x 180 cm' }, priceKes: 6500, stock: 3 },
        { sku: 'NYL-SWR-160', options: { Size: '160 x 230 cm' }, priceKes: 9500, stock: 4 },
        { sku: 'NYL-SWR-200', options: { Size: '200 x 300 cm' }, priceKes: 14500, stock: 6 },
      ],
      image: { motif: 'rug', background: '#fff9db', accent: '#b08d57' },
    },
    {
      slug: 'orthopaedic-pocket-spring-mattress',
      title: 'Orthopaedic Pocket-Spring Mattress (10 inch)',
      categorySlug: 'bedroom',
      description:
        'Individually wrapped pocket springs with a memory-foam top, medium-firm. Sizes in feet; 10-year spring warranty.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-OMT-4X6', options: { Size: '4x6' }, priceKes: 24500, stock: 8 },
        { sku: 'NYL-OMT-5X6', options: { Size: '5x6' }, priceKes: 29500, stock: 1 },
        { sku: 'NYL-OMT-6X6', options: { Size: '6x6' }, priceKes: 34500, stock: 5 },
      ],
      image: { motif: 'bed', background: '#e7f5ff', accent: '#1971c2' },
    },
    {
      slug: 'high-density-foam-mattress',
      title: 'High-Density Foam Mattress (8 inch)',
      categorySlug: 'bedroom',
      description:
        'Firm high-density foam with a quilted, removable cover. Sizes in feet (5x6 is 5 ft wide by 6 ft long).',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-HDM-4X6', options: { Size: '4x6' }, priceKes: 7800, stock: 0 },
        { sku: 'NYL-HDM-5X6', options: { Size: '5x6' }, priceKes: 9200, compareAtKes: 10500, stock: 14 },
        { sku: 'NYL-HDM-6X6', options: { Size: '6x6' }, priceKes: 10800, stock: 14 },
      ],
      image: { motif: 'bed', background: '#f3f0ff', accent: '#7048e8' },
    },
    {
      slug: 'mahogany-finish-wooden-bed',
      title: 'Mahogany-Finish Wooden Bed',
      categorySlug: 'bedroom',
      description:
        'Solid hardwood bed with a slatted base and a panelled headboard. Mattress not included; assembled free within Nairobi.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-WBD-4X6', options: { Size: '4x6' }, priceKes: 24000, stock: 1 },
        { sku: 'NYL-WBD-5X6', options: { Size: '5x6' }, priceKes: 28500, stock: 6 },
        { sku: 'NYL-WBD-6X6', options: { Size: '6x6' }, priceKes: 33500, stock: 3 },
      ],
      image: { motif: 'bed', background: '#f4ece4', accent: '#7f4f24' },
    },
    {
      slug: 'upholstered-headboard-bed',
      title: 'Upholstered Headboard Bed',
      categorySlug: 'bedroom',
      description:
        'Tall padded headboard in soft fabric, with a pine slat base. Sizes in feet; mattress sold separately.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-UBD-5X6-GREY', options: { Size: '5x6', Colour: 'Grey' }, priceKes: 42000, stock: 2 },
        { sku: 'NYL-UBD-6X6-GREY', options: { Size: '6x6', Colour: 'Grey' }, priceKes: 48000, stock: 3 },
        { sku: 'NYL-UBD-5X6-BEIG', options: { Size: '5x6', Colour: 'Beige' }, priceKes: 42000, stock: 5 },
        { sku: 'NYL-UBD-6X6-BEIG', options: { Size: '6x6', Colour: 'Beige' }, priceKes: 48000, stock: 8 },
      ],
      image: { motif: 'bed', background: '#f8f9fa', accent: '#868e96' },
    },
    {
      slug: 'cotton-bedsheet-set',
      title: 'Cotton Bedsheet Set',
      categorySlug: 'bedroom',
      description:
        'Flat sheet, fitted sheet and two pillowcases in 200-thread-count cotton. Fitted sheet takes mattresses up to 10 inches deep.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-BSS-4X6-WHIT', options: { Size: '4x6', Colour: 'White' }, priceKes: 2200, stock: 18 },
        { sku: 'NYL-BSS-5X6-WHIT', options: { Size: '5x6', Colour: 'White' }, priceKes: 2500, stock: 24 },
        { sku: 'NYL-BSS-6X6-WHIT', options: { Size: '6x6', Colour: 'White' }, priceKes: 2800, stock: 37 },
        { sku: 'NYL-BSS-4X6-GREY', options: { Size: '4x6', Colour: 'Grey' }, priceKes: 2200, stock: 32 },
        { sku: 'NYL-BSS-5X6-GREY', options: { Size: '5x6', Colour: 'Grey' }, priceKes: 2500, stock: 50 },
        { sku: 'NYL-BSS-6X6-GREY', options: { Size: '6x6', Colour: 'Grey' }, priceKes: 2800, stock: 38 },
      ],
      image: { motif: 'bed', background: '#f8f9fa', accent: '#adb5bd' },
    },
    {
      slug: 'four-piece-duvet-set',
      title: '4-Piece Duvet Set',
      categorySlug: 'bedroom',
      description:
        'Filled duvet, fitted sheet and two pillowcases. Polycotton, machine washable; the duvet is warm enough for July.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-DVS-5X6-GS', options: { Size: '5x6', Colour: 'Grey Stripe' }, priceKes: 3800, stock: 12 },
        { sku: 'NYL-DVS-6X6-GS', options: { Size: '6x6', Colour: 'Grey Stripe' }, priceKes: 4300, compareAtKes: 4900, stock: 22 },
        { sku: 'NYL-DVS-5X6-BF', options: { Size: '5x6', Colour: 'Blue Floral' }, priceKes: 3800, stock: 20 },
        { sku: 'NYL-DVS-6X6-BF', options: { Size: '6x6', Colour: 'Blue Floral' }, priceKes: 4300, compareAtKes: 4900, stock: 12 },
        { sku: 'NYL-DVS-5X6-PW', options: { Size: '5x6', Colour: 'Plain White' }, priceKes: 3800, stock: 14 },
        { sku: 'NYL-DVS-6X6-PW', options: { Size: '6x6', Colour: 'Plain White' }, priceKes: 4300, compareAtKes: 4900, stock: 9 },
      ],
      image: { motif: 'bed', background: '#edf2ff', accent: '#4c6ef5' },
    },
    {
      slug: 'soft-fleece-blanket',
      title: 'Soft Fleece Blanket',
      categorySlug: 'bedroom',
      description:
        'Thick, fluffy fleece blanket, 200 x 230 cm. Does not shed; machine wash cold.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-FBL-GREY', options: { Colour: 'Grey' }, priceKes: 2000, stock: 45 },
        { sku: 'NYL-FBL-MARO', options: { Colour: 'Maroon' }, priceKes: 2000, stock: 36 },
        { sku: 'NYL-FBL-NAVY', options: { Colour: 'Navy' }, priceKes: 2000, stock: 24 },
      ],
      image: { motif: 'bed', background: '#fff0f6', accent: '#a61e4d' },
    },
    {
      slug: 'box-mosquito-net',
      title: 'Box Mosquito Net',
      categorySlug: 'bedroom',
      description:
        'Rectangular net with a fine mesh and a side opening. Hooks and string included. Sizes in feet.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-MNT-4X6', options: { Size: '4x6' }, priceKes: 900, stock: 60 },
        { sku: 'NYL-MNT-5X6', options: { Size: '5x6' }, priceKes: 1100, stock: 41 },
        { sku: 'NYL-MNT-6X6', options: { Size: '6x6' }, priceKes: 1300, stock: 57 },
      ],
      image: { motif: 'bed', background: '#ebfbee', accent: '#37b24d' },
    },
    {
      slug: 'hollow-fibre-pillows-pair',
      title: 'Hollow-Fibre Pillows (Pair)',
      categorySlug: 'bedroom',
      description:
        'Two medium-support pillows, 48 x 74 cm, with a cotton-touch cover. Fluff daily and air in the sun.',
      optionNames: [],
      variants: [
        { sku: 'NYL-PLW', options: {}, priceKes: 1500, stock: 13 },
      ],
      image: { motif: 'bed', background: '#f8f9fa', accent: '#74c0fc' },
    },
    {
      slug: 'bedside-table-with-drawer',
      title: 'Bedside Table with Drawer',
      categorySlug: 'bedroom',
      description:
        'Compact nightstand, 45 x 40 x 55 cm, with a soft-close drawer and an open shelf.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-BST-WALN', options: { Colour: 'Walnut' }, priceKes: 6500, stock: 7 },
        { sku: 'NYL-BST-WHIT', options: { Colour: 'White' }, priceKes: 6500, stock: 3 },
      ],
      image: { motif: 'box', background: '#f4ece4', accent: '#8b5a2b' },
    },
    {
      slug: 'aluminium-sufuria-with-lid',
      title: 'Aluminium Sufuria with Lid',
      categorySlug: 'kitchen',
      description:
        'Heavy-gauge Kenyan-made aluminium sufuria with a tight lid. Works on gas, jiko and electric coil. Size is the diameter.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-ASF-20C', options: { Size: '20 cm' }, priceKes: 650, stock: 39 },
        { sku: 'NYL-ASF-24C', options: { Size: '24 cm' }, priceKes: 850, stock: 44 },
        { sku: 'NYL-ASF-28C', options: { Size: '28 cm' }, priceKes: 1100, stock: 58 },
        { sku: 'NYL-ASF-32C', options: { Size: '32 cm' }, priceKes: 1450, stock: 15 },
      ],
      image: { motif: 'pot', background: '#f1f3f5', accent: '#868e96' },
    },
    {
      slug: 'stainless-steel-sufuria-set',
      title: 'Stainless Steel Sufuria Set (5 pcs)',
      categorySlug: 'kitchen',
      description:
        'Five nesting sufurias, 16 to 24 cm, with glass lids and a thick base that spreads heat evenly. Induction ready.',
      optionNames: [],
      variants: [
        { sku: 'NYL-SSS', options: {}, priceKes: 4500, compareAtKes: 5500, stock: 21 },
      ],
      image: { motif: 'pot', background: '#e9ecef', accent: '#495057' },
    },
    {
      slug: 'aluminium-pressure-cooker',
      title: 'Aluminium Pressure Cooker',
      categorySlug: 'kitchen',
      description:
        'Cuts githeri, beans and matumbo cooking time by more than half, saving gas. Safety valve and spare gasket included.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-PRC-5L', options: { Size: '5 L' }, priceKes: 4200, stock: 22 },
        { sku: 'NYL-PRC-7L', options: { Size: '7 L' }, priceKes: 5200, stock: 5 },
        { sku: 'NYL-PRC-9L', options: { Size: '9 L' }, priceKes: 6200, stock: 14 },
      ],
      image: { motif: 'pot', background: '#fff4e6', accent: '#d9480f' },
    },
    {
      slug: 'energy-saving-charcoal-jiko',
      title: 'Energy-Saving Charcoal Jiko',
      categorySlug: 'kitchen',
      description:
        'Ceramic-lined jiko that uses up to half the charcoal of an all-metal one. Light and use it outdoors or in a well-ventilated space.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-ESJ-SMAL', options: { Size: 'Small' }, priceKes: 1600, stock: 26 },
        { sku: 'NYL-ESJ-MEDI', options: { Size: 'Medium' }, priceKes: 2200, stock: 13 },
        { sku: 'NYL-ESJ-LARG', options: { Size: 'Large' }, priceKes: 2900, stock: 15 },
      ],
      image: { motif: 'pot', background: '#fff5f5', accent: '#c92a2a' },
    },
    {
      slug: 'two-burner-table-top-gas-cooker',
      title: '2-Burner Table-Top Gas Cooker',
      categorySlug: 'kitchen',
      description:
        'Stainless steel top with auto-ignition brass burners. Fits 6 kg and 13 kg cylinders; regulator and hose sold separately.',
      optionNames: [],
      variants: [
        { sku: 'NYL-TBG', options: {}, priceKes: 4500, stock: 0 },
      ],
      image: { motif: 'pot', background: '#e9ecef', accent: '#343a40' },
    },
    {
      slug: 'standing-cooker-with-oven',
      title: 'Standing Cooker with Oven (3 Gas + 1 Electric)',
      categorySlug: 'kitchen',
      description:
        '50 x 55 cm free-standing cooker with three gas burners, one electric hotplate and a 50 L gas oven with grill. 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-GCO-SILV', options: { Colour: 'Silver' }, priceKes: 32500, compareAtKes: 36000, stock: 3 },
        { sku: 'NYL-GCO-BLAC', options: { Colour: 'Black' }, priceKes: 32500, compareAtKes: 36000, stock: 8 },
      ],
      image: { motif: 'pot', background: '#f1f3f5', accent: '#212529' },
    },
    {
      slug: 'vacuum-thermos-flask',
      title: 'Vacuum Thermos Flask',
      categorySlug: 'kitchen',
      description:
        'Glass-lined flask that keeps chai hot for up to 12 hours. Pump top on the 1.8 L and 2.5 L sizes.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-TFL-1L-RED', options: { Size: '1 L', Colour: 'Red' }, priceKes: 1200, stock: 22 },
        { sku: 'NYL-TFL-18L-RED', options: { Size: '1.8 L', Colour: 'Red' }, priceKes: 1650, stock: 35 },
        { sku: 'NYL-TFL-18L-SILV', options: { Size: '1.8 L', Colour: 'Silver' }, priceKes: 1650, stock: 47 },
        { sku: 'NYL-TFL-25L-SILV', options: { Size: '2.5 L', Colour: 'Silver' }, priceKes: 2200, stock: 15 },
      ],
      image: { motif: 'mug', background: '#fff5f5', accent: '#e03131' },
    },
    {
      slug: 'non-stick-frying-pan',
      title: 'Non-Stick Frying Pan',
      categorySlug: 'kitchen',
      description:
        'Granite-effect non-stick coating, PFOA-free, with a cool-touch handle. Use wooden or silicone spoons.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-NFP-24C', options: { Size: '24 cm' }, priceKes: 1800, stock: 4 },
        { sku: 'NYL-NFP-28C', options: { Size: '28 cm' }, priceKes: 2300, stock: 11 },
      ],
      image: { motif: 'pot', background: '#f8f9fa', accent: '#343a40' },
    },
    {
      slug: 'cast-iron-chapati-pan',
      title: 'Cast-Iron Chapati Pan',
      categorySlug: 'kitchen',
      description:
        'Flat 30 cm cast-iron pan for chapati, pancakes and mandazi dough. Season with oil before first use.',
      optionNames: [],
      variants: [
        { sku: 'NYL-CPP', options: {}, priceKes: 1400, stock: 8 },
      ],
      image: { motif: 'pot', background: '#f1f3f5', accent: '#212529' },
    },
    {
      slug: 'mwiko-wooden-cooking-sticks',
      title: 'Mwiko Wooden Cooking Sticks (Set of 3)',
      categorySlug: 'kitchen',
      description:
        'Hand-carved olive-wood mwiko for stirring ugali, plus a slotted spoon and a spatula.',
      optionNames: [],
      variants: [
        { sku: 'NYL-MWK', options: {}, priceKes: 450, stock: 31 },
      ],
      image: { motif: 'pot', background: '#f8f1e7', accent: '#a0522d' },
    },
    {
      slug: 'kitchen-knife-set-with-block',
      title: 'Kitchen Knife Set with Block (6 pcs)',
      categorySlug: 'kitchen',
      description:
        "Chef's, bread, utility and paring knives plus kitchen scissors in a wooden block. Stainless steel; hand wash and dry.",
      optionNames: [],
      variants: [
        { sku: 'NYL-KNS', options: {}, priceKes: 2500, stock: 14 },
      ],
      image: { motif: 'box', background: '#e9ecef', accent: '#495057' },
    },
    {
      slug: 'ceramic-dinner-set-24-pcs',
      title: '24-Piece Ceramic Dinner Set',
      categorySlug: 'kitchen',
      description:
        'Six each of dinner plates, side plates, bowls and mugs. Microwave and dishwasher safe.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-DNS-WHIT', options: { Colour: 'White' }, priceKes: 5800, stock: 5 },
        { sku: 'NYL-DNS-SG', options: { Colour: 'Speckled Grey' }, priceKes: 5800, stock: 5 },
      ],
      image: { motif: 'mug', background: '#f8f9fa', accent: '#868e96' },
    },
    {
      slug: 'ceramic-mug-set-of-4',
      title: 'Ceramic Mug Set (4 pcs)',
      categorySlug: 'kitchen',
      description:
        'Four 350 ml stoneware mugs with a reactive glaze, big enough for a proper cup of chai.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-CMS-TERR', options: { Colour: 'Terracotta' }, priceKes: 1600, stock: 60 },
        { sku: 'NYL-CMS-SAGE', options: { Colour: 'Sage' }, priceKes: 1600, stock: 44 },
        { sku: 'NYL-CMS-WHIT', options: { Colour: 'White' }, priceKes: 1600, stock: 32 },
      ],
      image: { motif: 'mug', background: '#fff4e6', accent: '#c2410c' },
    },
    {
      slug: 'glass-tumblers-set-of-6',
      title: 'Glass Tumblers (Set of 6)',
      categorySlug: 'kitchen',
      description:
        'Six 300 ml tumblers in thick, clear glass. Dishwasher safe.',
      optionNames: [],
      variants: [
        { sku: 'NYL-GTS', options: {}, priceKes: 900, stock: 59 },
      ],
      image: { motif: 'mug', background: '#e3fafc', accent: '#15aabf' },
    },
    {
      slug: 'cordless-electric-kettle',
      title: 'Cordless Electric Kettle 1.7 L',
      categorySlug: 'kitchen',
      description:
        '2200 W kettle with auto shut-off, boil-dry protection and a 360-degree base. UK 3-pin plug, 1-year warranty.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-EKT-BLAC', options: { Colour: 'Black' }, priceKes: 2400, stock: 20 },
        { sku: 'NYL-EKT-WHIT', options: { Colour: 'White' }, priceKes: 2400, stock: 21 },
      ],
      image: { motif: 'mug', background: '#f1f3f5', accent: '#212529' },
    },
    {
      slug: 'stainless-steel-dish-rack',
      title: 'Stainless Steel 2-Tier Dish Rack',
      categorySlug: 'kitchen',
      description:
        'Rust-resistant two-tier rack with a cutlery holder and a drip tray. 45 x 26 x 38 cm.',
      optionNames: [],
      variants: [
        { sku: 'NYL-DRK', options: {}, priceKes: 2800, compareAtKes: 3300, stock: 19 },
      ],
      image: { motif: 'box', background: '#e9ecef', accent: '#868e96' },
    },
    {
      slug: 'round-wall-mirror',
      title: 'Round Wall Mirror with Metal Frame',
      categorySlug: 'decor',
      description:
        'Thin gold-finish metal frame with a hanging hook fixed at the back. Wall plugs included.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-RWM-60', options: { Size: '60 cm' }, priceKes: 4500, stock: 2 },
        { sku: 'NYL-RWM-80', options: { Size: '80 cm' }, priceKes: 6800, stock: 6 },
      ],
      image: { motif: 'box', background: '#fff9db', accent: '#c5a028' },
    },
    {
      slug: 'full-length-standing-mirror',
      title: 'Full-Length Standing Mirror',
      categorySlug: 'decor',
      description:
        '160 x 50 cm mirror in a wooden frame with a fold-out stand; can also be wall-mounted.',
      optionNames: [],
      variants: [
        { sku: 'NYL-FLM', options: {}, priceKes: 7500, compareAtKes: 8900, stock: 3 },
      ],
      image: { motif: 'box', background: '#f8f1e7', accent: '#6f4518' },
    },
    {
      slug: 'woven-sisal-wall-baskets',
      title: 'Woven Sisal Wall Baskets (Set of 3)',
      categorySlug: 'decor',
      description:
        'Three flat sisal baskets, 25 to 40 cm, woven by artisans in Kitui. Ready to hang.',
      optionNames: [],
      variants: [
        { sku: 'NYL-SWB', options: {}, priceKes: 3800, stock: 19 },
      ],
      image: { motif: 'box', background: '#fff4e6', accent: '#e8590c' },
    },
    {
      slug: 'snake-plant-in-ceramic-pot',
      title: 'Snake Plant in Ceramic Pot',
      categorySlug: 'decor',
      description:
        'Hardy sansevieria that copes with low light; water every two to three weeks. Comes potted in a white ceramic pot.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-SNP-SMAL', options: { Size: 'Small' }, priceKes: 1500, stock: 19 },
        { sku: 'NYL-SNP-MEDI', options: { Size: 'Medium' }, priceKes: 2800, stock: 5 },
        { sku: 'NYL-SNP-LARG', options: { Size: 'Large' }, priceKes: 4500, stock: 17 },
      ],
      image: { motif: 'plant', background: '#ebfbee', accent: '#2b8a3e' },
    },
    {
      slug: 'monstera-in-planter',
      title: 'Monstera Deliciosa in Planter',
      categorySlug: 'decor',
      description:
        'Big-leaf monstera in a fibre planter; likes bright, indirect light and weekly watering. Medium is about 60 cm tall, large about 100 cm.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-MNS-MEDI', options: { Size: 'Medium' }, priceKes: 3500, stock: 1 },
        { sku: 'NYL-MNS-LARG', options: { Size: 'Large' }, priceKes: 6500, stock: 0 },
      ],
      image: { motif: 'plant', background: '#e6fcf5', accent: '#087f5b' },
    },
    {
      slug: 'ceramic-planter-set-of-3',
      title: 'Ceramic Planter Set (3 pcs)',
      categorySlug: 'decor',
      description:
        'Three planters, 10, 13 and 16 cm, with drainage holes and saucers.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-CPS-WHIT', options: { Colour: 'White' }, priceKes: 2400, stock: 21 },
        { sku: 'NYL-CPS-TERR', options: { Colour: 'Terracotta' }, priceKes: 2400, stock: 12 },
        { sku: 'NYL-CPS-SAGE', options: { Colour: 'Sage' }, priceKes: 2400, stock: 15 },
      ],
      image: { motif: 'plant', background: '#fff4e6', accent: '#c2410c' },
    },
    {
      slug: 'kisii-soapstone-sculpture',
      title: 'Kisii Soapstone Sculpture',
      categorySlug: 'decor',
      description:
        'Hand-carved in Tabaka, Kisii from natural soapstone and polished with wax. About 25 cm tall; each piece is unique.',
      optionNames: [],
      variants: [
        { sku: 'NYL-SSC', options: {}, priceKes: 2500, stock: 8 },
      ],
      image: { motif: 'box', background: '#f3f0ff', accent: '#845ef7' },
    },
    {
      slug: 'silent-wall-clock',
      title: 'Silent Wall Clock 40 cm',
      categorySlug: 'decor',
      description:
        'Sweep movement with no ticking, metal frame and a glass face. Takes one AA battery (not included).',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-WCL-BLAC', options: { Colour: 'Black' }, priceKes: 1800, stock: 20 },
        { sku: 'NYL-WCL-GOLD', options: { Colour: 'Gold' }, priceKes: 1800, stock: 6 },
      ],
      image: { motif: 'watch', background: '#f8f9fa', accent: '#212529' },
    },
    {
      slug: 'tripod-floor-lamp',
      title: 'Tripod Floor Lamp',
      categorySlug: 'lighting',
      description:
        'Wooden tripod legs with a linen drum shade, 155 cm tall. Takes one E27 bulb; foot switch on the cable.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-TRL-NC', options: { Colour: 'Natural and Cream' }, priceKes: 6500, stock: 8 },
        { sku: 'NYL-TRL-BLAC', options: { Colour: 'Black' }, priceKes: 6500, stock: 3 },
      ],
      image: { motif: 'lamp', background: '#fff9db', accent: '#e67700' },
    },
    {
      slug: 'rattan-pendant-light',
      title: 'Rattan Pendant Light',
      categorySlug: 'lighting',
      description:
        'Hand-woven rattan shade with a 1 m adjustable cord and ceiling rose. E27 holder; bulb not included.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-RPL-30', options: { Size: '30 cm' }, priceKes: 2800, stock: 15 },
        { sku: 'NYL-RPL-45', options: { Size: '45 cm' }, priceKes: 3900, stock: 16 },
      ],
      image: { motif: 'lamp', background: '#f8f1e7', accent: '#a0522d' },
    },
    {
      slug: 'ceramic-bedside-table-lamp',
      title: 'Ceramic Bedside Table Lamp',
      categorySlug: 'lighting',
      description:
        'Glazed ceramic base with a fabric shade, 45 cm tall. Inline switch; UK plug.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-BTL-WHIT', options: { Colour: 'White' }, priceKes: 2800, stock: 17 },
        { sku: 'NYL-BTL-TERR', options: { Colour: 'Terracotta' }, priceKes: 2800, stock: 16 },
        { sku: 'NYL-BTL-BLUE', options: { Colour: 'Blue' }, priceKes: 2800, stock: 12 },
      ],
      image: { motif: 'lamp', background: '#e7f5ff', accent: '#1971c2' },
    },
    {
      slug: 'solar-rechargeable-led-lantern',
      title: 'Solar Rechargeable LED Lantern',
      categorySlug: 'lighting',
      description:
        'Charges by solar panel or USB and lights up to 10 hours; a lifesaver during power outages. Has a USB port to top up your phone.',
      optionNames: [],
      variants: [
        { sku: 'NYL-SRL', options: {}, priceKes: 1500, stock: 28 },
      ],
      image: { motif: 'lamp', background: '#fff9db', accent: '#f59f00' },
    },
    {
      slug: 'led-bulbs-9w-pack-of-4',
      title: 'LED Bulbs 9 W, E27 (Pack of 4)',
      categorySlug: 'lighting',
      description:
        'Equivalent to a 60 W bulb but uses 9 W. Screw-in E27 cap; rated for 15,000 hours.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-LBB-WW', options: { Colour: 'Warm White' }, priceKes: 900, stock: 13 },
        { sku: 'NYL-LBB-CW', options: { Colour: 'Cool White' }, priceKes: 900, stock: 23 },
      ],
      image: { motif: 'lamp', background: '#f8f9fa', accent: '#fab005' },
    },
    {
      slug: 'led-strip-lights-5m',
      title: 'LED Strip Lights 5 m with Remote',
      categorySlug: 'lighting',
      description:
        'Self-adhesive colour-changing strip with a 24-key remote and plug-in adapter. Cut to length every 10 cm.',
      optionNames: [],
      variants: [
        { sku: 'NYL-LSL', options: {}, priceKes: 1500, stock: 18 },
      ],
      image: { motif: 'lamp', background: '#f3f0ff', accent: '#ae3ec9' },
    },
    {
      slug: 'cotton-towel-500gsm',
      title: 'Cotton Towel (500 gsm)',
      categorySlug: 'bathroom',
      description:
        'Absorbent 100% cotton terry. Hand towel is 50 x 90 cm, bath towel 70 x 140 cm. Wash before first use.',
      optionNames: ['Size', 'Colour'],
      variants: [
        { sku: 'NYL-BTW-HND-WHIT', options: { Size: 'Hand 50 x 90 cm', Colour: 'White' }, priceKes: 650, stock: 60 },
        { sku: 'NYL-BTW-BTH-WHIT', options: { Size: 'Bath 70 x 140 cm', Colour: 'White' }, priceKes: 1400, stock: 10 },
        { sku: 'NYL-BTW-HND-GREY', options: { Size: 'Hand 50 x 90 cm', Colour: 'Grey' }, priceKes: 650, stock: 11 },
        { sku: 'NYL-BTW-BTH-GREY', options: { Size: 'Bath 70 x 140 cm', Colour: 'Grey' }, priceKes: 1400, stock: 60 },
        { sku: 'NYL-BTW-HND-NAVY', options: { Size: 'Hand 50 x 90 cm', Colour: 'Navy' }, priceKes: 650, stock: 36 },
        { sku: 'NYL-BTW-BTH-NAVY', options: { Size: 'Bath 70 x 140 cm', Colour: 'Navy' }, priceKes: 1400, stock: 56 },
      ],
      image: { motif: 'rug', background: '#e7f5ff', accent: '#1c7ed6' },
    },
    {
      slug: 'bath-mat-set-2-pcs',
      title: 'Bath Mat Set (2 pcs)',
      categorySlug: 'bathroom',
      description:
        'Memory-foam bath mat and a matching toilet contour mat with rubber backing that will not slip on tiles.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-BMS-GREY', options: { Colour: 'Grey' }, priceKes: 1500, stock: 17 },
        { sku: 'NYL-BMS-BLUE', options: { Colour: 'Blue' }, priceKes: 1500, stock: 18 },
        { sku: 'NYL-BMS-BEIG', options: { Colour: 'Beige' }, priceKes: 1500, stock: 17 },
      ],
      image: { motif: 'rug', background: '#f8f9fa', accent: '#495057' },
    },
    {
      slug: 'waterproof-shower-curtain',
      title: 'Waterproof Shower Curtain with Hooks',
      categorySlug: 'bathroom',
      description:
        'Polyester shower curtain, 180 x 180 cm, with 12 hooks and a weighted hem. Mould-resistant.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-SHC-WHIT', options: { Colour: 'White' }, priceKes: 1200, stock: 22 },
        { sku: 'NYL-SHC-BP', options: { Colour: 'Blue Pebbles' }, priceKes: 1200, stock: 4 },
      ],
      image: { motif: 'rug', background: '#e3fafc', accent: '#1098ad' },
    },
    {
      slug: 'corner-shower-caddy',
      title: 'Corner Shower Caddy',
      categorySlug: 'bathroom',
      description:
        'Three-tier stainless steel corner shelf; mounts with adhesive pads or screws, no drilling needed on tiles.',
      optionNames: [],
      variants: [
        { sku: 'NYL-SCD', options: {}, priceKes: 1600, stock: 0 },
      ],
      image: { motif: 'box', background: '#f1f3f5', accent: '#868e96' },
    },
    {
      slug: 'plastic-basin-and-bucket-set',
      title: 'Heavy-Duty Basin and Bucket Set',
      categorySlug: 'bathroom',
      description:
        'A 20 L bucket with lid and a 40 cm basin in thick, food-grade plastic. Handy for water storage during rationing.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-BBS-BLUE', options: { Colour: 'Blue' }, priceKes: 950, stock: 57 },
        { sku: 'NYL-BBS-GREE', options: { Colour: 'Green' }, priceKes: 950, stock: 26 },
        { sku: 'NYL-BBS-PINK', options: { Colour: 'Pink' }, priceKes: 950, stock: 45 },
      ],
      image: { motif: 'box', background: '#ebfbee', accent: '#37b24d' },
    },
    {
      slug: 'clear-storage-box-with-lid',
      title: 'Clear Storage Box with Lid',
      categorySlug: 'storage',
      description:
        'Stackable transparent box with clip-lock handles. Fits under most beds at the 60 L size.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-PSB-30L', options: { Size: '30 L' }, priceKes: 1100, stock: 50 },
        { sku: 'NYL-PSB-60L', options: { Size: '60 L' }, priceKes: 1700, stock: 14 },
        { sku: 'NYL-PSB-100L', options: { Size: '100 L' }, priceKes: 2600, stock: 15 },
      ],
      image: { motif: 'box', background: '#f8f9fa', accent: '#339af0' },
    },
    {
      slug: 'portable-fabric-wardrobe',
      title: 'Portable Fabric Wardrobe',
      categorySlug: 'storage',
      description:
        'Steel-tube frame with a zip fabric cover, hanging rail and six shelves. 130 x 45 x 170 cm; no tools needed.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-PFW-GREY', options: { Colour: 'Grey' }, priceKes: 3200, compareAtKes: 3800, stock: 8 },
        { sku: 'NYL-PFW-BEIG', options: { Colour: 'Beige' }, priceKes: 3200, compareAtKes: 3800, stock: 10 },
        { sku: 'NYL-PFW-NAVY', options: { Colour: 'Navy' }, priceKes: 3200, compareAtKes: 3800, stock: 15 },
      ],
      image: { motif: 'box', background: '#f1f3f5', accent: '#495057' },
    },
    {
      slug: 'two-door-wooden-wardrobe',
      title: '2-Door Wooden Wardrobe with Mirror',
      categorySlug: 'storage',
      description:
        'Hanging space, four shelves and two drawers behind mirrored doors. 120 x 55 x 200 cm; assembled in your home.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-TWD-WALN', options: { Colour: 'Walnut' }, priceKes: 34500, stock: 7 },
        { sku: 'NYL-TWD-WHIT', options: { Colour: 'White' }, priceKes: 34500, stock: 6 },
      ],
      image: { motif: 'box', background: '#f4ece4', accent: '#7f4f24' },
    },
    {
      slug: 'shoe-rack',
      title: 'Shoe Rack',
      categorySlug: 'storage',
      description:
        'Metal and fabric rack that slots together without tools. The 6-tier holds about 18 pairs.',
      optionNames: ['Size'],
      variants: [
        { sku: 'NYL-SRK-4T', options: { Size: '4-Tier' }, priceKes: 1800, stock: 22 },
        { sku: 'NYL-SRK-6T', options: { Size: '6-Tier' }, priceKes: 2600, stock: 16 },
      ],
      image: { motif: 'box', background: '#fff9db', accent: '#5c940d' },
    },
    {
      slug: 'five-tier-bookshelf',
      title: '5-Tier Bookshelf',
      categorySlug: 'storage',
      description:
        'Open bookshelf in engineered wood with a steel frame, 60 x 30 x 175 cm. Wall anchor included for safety.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-BKS-WALN', options: { Colour: 'Walnut' }, priceKes: 7500, stock: 1 },
        { sku: 'NYL-BKS-BLAC', options: { Colour: 'Black' }, priceKes: 7500, stock: 1 },
      ],
      image: { motif: 'box', background: '#f8f1e7', accent: '#343a40' },
    },
    {
      slug: 'woven-laundry-basket-with-lid',
      title: 'Woven Laundry Basket with Lid',
      categorySlug: 'storage',
      description:
        'Hand-woven seagrass hamper with a cotton liner and side handles. 60 L.',
      optionNames: ['Colour'],
      variants: [
        { sku: 'NYL-WLB-NATU', options: { Colour: 'Natural' }, priceKes: 2200, stock: 12 },
        { sku: 'NYL-WLB-GREY', options: { Colour: 'Grey' }, priceKes: 2200, stock: 9 },
      ],
      image: { motif: 'box', background: '#fff4e6', accent: '#b08d57' },
    },
  ],
};
