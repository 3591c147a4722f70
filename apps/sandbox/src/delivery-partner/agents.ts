/**
 * The sandbox partner's agent points: shops (chemists, M-Pesa shops, stationers) where parcels
 * are dropped off and collected. Area slugs are Sokoni's own Nairobi area slugs (nairobi_areas),
 * so a shopper's area picks its nearby agents without a mapping table.
 */
export interface AgentPoint {
  id: string;
  name: string;
  area: string;
  areaName: string;
  landmark: string;
  openingHours: string;
  phone: string;
  lat: number;
  lng: number;
}

const WEEKDAYS_LATE = 'Mon-Sat 08:00-20:00, Sun 10:00-16:00';
const WEEKDAYS = 'Mon-Sat 08:00-19:00';
const EVERY_DAY = 'Every day 07:30-21:00';

export const AGENT_POINTS: readonly AgentPoint[] = [
  {
    id: 'PM-CBD-001',
    name: 'Moi Avenue Mpesa & Stationers',
    area: 'cbd',
    areaName: 'Nairobi CBD',
    landmark: 'Moi Avenue, opposite Bazaar Plaza',
    openingHours: EVERY_DAY,
    phone: '254711000101',
    lat: -1.2833,
    lng: 36.8236,
  },
  {
    id: 'PM-CBD-002',
    name: 'Tom Mboya Street Agent',
    area: 'cbd',
    areaName: 'Nairobi CBD',
    landmark: 'Tom Mboya St, next to Odeon stage',
    openingHours: EVERY_DAY,
    phone: '254711000102',
    lat: -1.2836,
    lng: 36.8268,
  },
  {
    id: 'PM-WL-001',
    name: 'Sarit Chemist Westlands',
    area: 'westlands',
    areaName: 'Westlands',
    landmark: 'Near Sarit Centre, Lower Kabete Rd',
    openingHours: WEEKDAYS_LATE,
    phone: '254711000201',
    lat: -1.2609,
    lng: 36.8026,
  },
  {
    id: 'PM-WL-002',
    name: 'Westgate Phone Hub',
    area: 'westlands',
    areaName: 'Westlands',
    landmark: 'Mwanzi Rd, behind Westgate',
    openingHours: WEEKDAYS_LATE,
    phone: '254711000202',
    lat: -1.257,
    lng: 36.803,
  },
  {
    id: 'PM-KLM-001',
    name: 'Yaya Centre Courier Desk',
    area: 'kilimani',
    areaName: 'Kilimani',
    landmark: 'Yaya Centre, ground floor',
    openingHours: WEEKDAYS_LATE,
    phone: '254711000301',
    lat: -1.2925,
    lng: 36.7874,
  },
  {
    id: 'PM-KLS-001',
    name: 'Kileleshwa Shell Agent',
    area: 'kileleshwa',
    areaName: 'Kileleshwa',
    landmark: 'Othaya Rd, at the Shell station',
    openingHours: WEEKDAYS,
    phone: '254711000401',
    lat: -1.281,
    lng: 36.783,
  },
  {
    id: 'PM-SB-001',
    name: 'Capital Centre Agent',
    area: 'south-b',
    areaName: 'South B',
    landmark: 'Capital Centre, Mombasa Rd',
    openingHours: WEEKDAYS_LATE,
    phone: '254711000501',
    lat: -1.3166,
    lng: 36.833,
  },
  {
    id: 'PM-SC-001',
    name: 'South C Shopping Centre Agent',
    area: 'south-c',
    areaName: 'South C',
    landmark: 'South C shops, next to Naivas',
    openingHours: WEEKDAYS,
    phone: '254711000601',
    lat: -1.32,
    lng: 36.824,
  },
  {
    id: 'PM-LNG-001',
    name: 'Langata Galleria Agent',
    area: 'langata',
    areaName: 'Langata',
    landmark: 'Galleria Mall, lower ground',
    openingHours: EVERY_DAY,
    phone: '254711000701',
    lat: -1.329,
    lng: 36.773,
  },
  {
    id: 'PM-KRN-001',
    name: 'Karen Crossroads Stationers',
    area: 'karen',
    areaName: 'Karen',
    landmark: 'Karen Crossroads, Ngong Rd',
    openingHours: WEEKDAYS,
    phone: '254711000801',
    lat: -1.3195,
    lng: 36.707,
  },
  {
    id: 'PM-RSB-001',
    name: 'TRM Drive Agent',
    area: 'roysambu',
    areaName: 'Roysambu',
    landmark: 'TRM Drive, opposite Thika Road Mall',
    openingHours: EVERY_DAY,
    phone: '254711000901',
    lat: -1.219,
    lng: 36.888,
  },
  {
    id: 'PM-KSR-001',
    name: 'Kasarani Mwiki Rd Agent',
    area: 'kasarani',
    areaName: 'Kasarani',
    landmark: 'Mwiki Rd, near Kasarani police station',
    openingHours: WEEKDAYS,
    phone: '254711001001',
    lat: -1.223,
    lng: 36.9,
  },
  {
    id: 'PM-ELH-001',
    name: 'Eastleigh First Avenue Agent',
    area: 'eastleigh',
    areaName: 'Eastleigh',
    landmark: 'First Avenue, next to Amal Plaza',
    openingHours: EVERY_DAY,
    phone: '254711001101',
    lat: -1.274,
    lng: 36.85,
  },
  {
    id: 'PM-BBR-001',
    name: 'Buruburu Phase 1 Agent',
    area: 'buruburu',
    areaName: 'Buruburu',
    landmark: 'Buruburu shopping centre, Mumias South Rd',
    openingHours: WEEKDAYS_LATE,
    phone: '254711001201',
    lat: -1.287,
    lng: 36.877,
  },
  {
    id: 'PM-UMJ-001',
    name: 'Umoja Innercore Agent',
    area: 'umoja',
    areaName: 'Umoja',
    landmark: 'Innercore stage, Moi Drive',
    openingHours: WEEKDAYS_LATE,
    phone: '254711001301',
    lat: -1.283,
    lng: 36.899,
  },
  {
    id: 'PM-EMB-001',
    name: 'Embakasi Naivas Agent',
    area: 'embakasi',
    areaName: 'Embakasi',
    landmark: 'Next to Naivas, Outering Rd',
    openingHours: WEEKDAYS,
    phone: '254711001401',
    lat: -1.31,
    lng: 36.91,
  },
  {
    id: 'PM-RNG-001',
    name: 'Rongai Maasai Mall Agent',
    area: 'ongata-rongai',
    areaName: 'Ongata Rongai',
    landmark: 'Maasai Mall, Magadi Rd',
    openingHours: EVERY_DAY,
    phone: '254711001501',
    lat: -1.396,
    lng: 36.759,
  },
  {
    id: 'PM-KTG-001',
    name: 'Kitengela EPZ Rd Agent',
    area: 'kitengela',
    areaName: 'Kitengela',
    landmark: 'EPZ Rd, opposite Kitengela Mall',
    openingHours: WEEKDAYS,
    phone: '254711001601',
    lat: -1.475,
    lng: 36.957,
  },
  {
    id: 'PM-RKA-001',
    name: 'Ruaka Two Rivers Agent',
    area: 'ruaka',
    areaName: 'Ruaka',
    landmark: 'Limuru Rd, near Two Rivers exit',
    openingHours: WEEKDAYS_LATE,
    phone: '254711001701',
    lat: -1.21,
    lng: 36.775,
  },
  {
    id: 'PM-SYK-001',
    name: 'Syokimau Gateway Agent',
    area: 'syokimau',
    areaName: 'Syokimau',
    landmark: 'Gateway Mall, Mombasa Rd',
    openingHours: EVERY_DAY,
    phone: '254711001801',
    lat: -1.364,
    lng: 36.936,
  },
];

export function agentsIn(area: string | undefined): AgentPoint[] {
  return AGENT_POINTS.filter((agent) => area === undefined || agent.area === area);
}

export function agentById(id: string): AgentPoint | undefined {
  return AGENT_POINTS.find((agent) => agent.id === id);
}
