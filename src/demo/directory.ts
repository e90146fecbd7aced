/**
 * The demo directory: fictional partnerships, agencies and people (never the names in the seed
 * documents), so that every preset policy governs some agency and every role can sign in.
 *
 *  - a Bromley-style partnership on the inter-agency policy (seed 002), with two pre-schools
 *    on their own local versions (seeds 000 and 001) and a school, children's social care,
 *    a health trust, a GP practice and the police on the partnership's policy;
 *  - a Torbay-style partnership whose pre-school procedure is seed 003;
 *  - a partnership on the BSCB policy (seed 004).
 *
 * Longer than 300 lines because it is data: one list of fictional people per partnership.
 *
 * Longer than 300 lines because it is data: every demo agency and person, one line each.
 */
import type { AgencyEntry, DirectoryFile, PersonEntry } from '../domain/directory.js';
import type { Role, Sector } from '../domain/policy/schema.js';

export interface DemoPolicies {
  bromleyPartnership: string;
  bromleyPreschoolA: string;
  bromleyPreschoolB: string;
  torbay: string;
  bscb: string;
}

const FIRST = [
  'Alex',
  'Sam',
  'Jordan',
  'Priya',
  'Tomasz',
  'Aisha',
  'Morgan',
  'Niamh',
  'Kwame',
  'Elena',
  'Rhys',
  'Hannah',
  'Oluwaseun',
  'Mei',
  'Callum',
  'Fatima',
  'Gareth',
  'Ines',
  'Declan',
  'Zara',
  'Imran',
  'Lowri',
  'Bethan',
  'Ravi',
  'Chloe',
  'Femi',
  'Isla',
  'Jakub',
  'Kezia',
  'Luca',
];
const LAST = [
  'Ashdown',
  'Brightwell',
  'Carrow',
  'Dunmore',
  'Elmsley',
  'Farrant',
  'Greenhalgh',
  'Holloway',
  'Ingram',
  'Jessop',
  'Kendrick',
  'Larkspur',
  'Merriman',
  'Northcote',
  'Oakridge',
  'Pennington',
  'Quarles',
  'Redfern',
  'Stroud',
  'Thackeray',
  'Underhill',
  'Vance',
  'Whitlock',
];

let nameIndex = 0;
let phoneIndex = 0;
/** Ofcom keeps 020 7946 0000 to 0999 for drama: numbers that ring nobody. */
function nextPhone(): string {
  return `020 7946 0${String(phoneIndex++ % 1000).padStart(3, '0')}`;
}

function nextName(): string {
  const i = nameIndex++;
  return `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
}

function emailFor(name: string, domain: string): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`;
}

interface StaffPlan {
  role: Role;
  manager?: Role;
  onBoard?: boolean;
  onExecutive?: boolean;
  designatedHealth?: boolean;
}

/** Every agency has a line-management chain, so "the next manager in line" can be found. */
const CHAIN: StaffPlan[] = [
  { role: 'director', onBoard: true, onExecutive: true },
  // the director's deputy on the partnership board
  { role: 'senior-manager', manager: 'director', onBoard: true },
  { role: 'manager', manager: 'senior-manager' },
  { role: 'dsl', manager: 'senior-manager' },
  { role: 'frontline', manager: 'manager' },
];

function agency(
  name: string,
  sector: Sector,
  domain: string,
  options: { policy?: string; extra?: StaffPlan[]; chain?: StaffPlan[] } = {},
): AgencyEntry {
  const plans = [...(options.chain ?? CHAIN), ...(options.extra ?? [])];
  const people: PersonEntry[] = [];
  const byRole = new Map<Role, string>();
  for (const plan of plans) {
    const personName = nextName();
    const email = emailFor(personName, domain);
    if (!byRole.has(plan.role)) byRole.set(plan.role, email);
    people.push({
      email,
      name: personName,
      role: plan.role,
      lineManager: plan.manager ? byRole.get(plan.manager) : undefined,
      onBoard: plan.onBoard ?? false,
      onExecutive: plan.onExecutive ?? false,
      designatedHealth: plan.designatedHealth ?? false,
      phone: nextPhone(),
    });
  }
  const director = people.find((person) => person.role === 'director' && person.onBoard);
  const deputy = people.find((person) => person.role === 'senior-manager' && person.onBoard);
  return {
    name,
    sector,
    policy: options.policy,
    escalationManager: byRole.get('senior-manager'),
    boardMember: director?.email,
    boardDeputy: deputy?.email,
    dutyEmail: `duty@${domain}`,
    dutyPhone: nextPhone(),
    people,
  };
}

/** A small setting (a pre-school) has a manager who is also its DSL, and a deputy. */
const PRESCHOOL: StaffPlan[] = [
  { role: 'director', onBoard: false },
  { role: 'manager', manager: 'director' },
  { role: 'dsl', manager: 'director' },
  { role: 'frontline', manager: 'manager' },
];

function partnershipPeople(domain: string): PersonEntry[] {
  const chair = nextName();
  const team = nextName();
  const admin = nextName();
  const panel = nextName();
  return [
    {
      email: emailFor(chair, domain),
      name: chair,
      role: 'chair',
      onBoard: true,
      onExecutive: true,
      designatedHealth: false,
    },
    {
      email: emailFor(team, domain),
      name: team,
      role: 'partnership-team',
      onBoard: false,
      onExecutive: false,
      designatedHealth: false,
    },
    {
      email: emailFor(admin, domain),
      name: admin,
      role: 'administrator',
      onBoard: false,
      onExecutive: false,
      designatedHealth: false,
    },
    {
      email: emailFor(panel, domain),
      name: panel,
      role: 'panel-member',
      onBoard: true,
      onExecutive: true,
      designatedHealth: false,
    },
  ];
}

/**
 * A pre-school has no board seat of its own: the board member for education and the early years
 * (here, a school's director, and their deputy) represents it on a Resolution Panel.
 */
function earlyYearsRepresentedBy(agencies: AgencyEntry[], sector: Sector): AgencyEntry[] {
  const by = agencies.find((a) => a.sector === sector);
  return agencies.map((a) =>
    a.sector === 'early-years' && !a.boardMember
      ? { ...a, boardMember: by?.boardMember, boardDeputy: by?.boardDeputy }
      : a,
  );
}

export function demoDirectory(policies: DemoPolicies): DirectoryFile {
  nameIndex = 0;
  phoneIndex = 0;
  return {
    partnerships: [
      {
        key: 'bscp',
        name: 'Bromley Safeguarding Children Partnership (demo)',
        policy: policies.bromleyPartnership,
        calendar: 'england-and-wales',
        businessUnitEmail: 'business-unit@bscp-demo.example',
        // the Children and Families Hub / MASH: a fictional number, beyond those the staff get
        hubPhone: '020 7946 0990',
        people: partnershipPeople('bscp-demo.example'),
        agencies: earlyYearsRepresentedBy(
          [
            agency('Acorn Lane Pre-school', 'early-years', 'acornlane.example', {
              policy: policies.bromleyPreschoolA,
              chain: PRESCHOOL,
            }),
            agency('Little Meadows Pre-school', 'early-years', 'littlemeadows.example', {
              policy: policies.bromleyPreschoolB,
              chain: PRESCHOOL,
            }),
            agency('Hillcrest Primary School', 'school', 'hillcrest-school.example'),
            agency(
              "Bromley Children's Social Care (demo)",
              'childrens-social-care',
              'csc-demo.example',
            ),
            agency('South Downs Health NHS Trust (demo)', 'health', 'sdh-demo.example', {
              extra: [{ role: 'named-professional', manager: 'director', designatedHealth: true }],
            }),
            agency('Elm Road Surgery', 'gp', 'elmroad-surgery.example'),
            agency('Metropolitan Police, Bromley (demo)', 'police', 'police-demo.example'),
          ],
          'school',
        ),
      },
      {
        key: 'tscp',
        name: 'Torbay Safeguarding Children Partnership (demo)',
        policy: policies.torbay,
        calendar: 'england-and-wales',
        businessUnitEmail: 'business-unit@tscp-demo.example',
        // the Children and Families Hub / MASH: a fictional number, beyond those the staff get
        hubPhone: '020 7946 0991',
        people: partnershipPeople('tscp-demo.example'),
        agencies: earlyYearsRepresentedBy(
          [
            agency('Harbourside Pre-school', 'early-years', 'harbourside.example', {
              chain: PRESCHOOL,
            }),
            agency(
              "Torbay Children's Services (demo)",
              'childrens-social-care',
              'torbay-csc-demo.example',
            ),
            agency('Bayview Academy', 'school', 'bayview.example'),
            agency('Torbay Police (demo)', 'police', 'torbay-police-demo.example'),
          ],
          'school',
        ),
      },
      {
        key: 'bscb',
        name: 'Borough Safeguarding Children Board (demo)',
        policy: policies.bscb,
        calendar: 'england-and-wales',
        businessUnitEmail: 'office@bscb-demo.example',
        // the Children and Families Hub / MASH: a fictional number, beyond those the staff get
        hubPhone: '020 7946 0992',
        people: partnershipPeople('bscb-demo.example'),
        agencies: earlyYearsRepresentedBy(
          [
            agency('Riverside Nursery', 'early-years', 'riverside-nursery.example', {
              chain: PRESCHOOL,
            }),
            agency(
              'Borough Children and Families Service (demo)',
              'childrens-social-care',
              'bcfs-demo.example',
            ),
            agency('Borough Community Health (demo)', 'health', 'bch-demo.example', {
              extra: [{ role: 'named-professional', manager: 'director', designatedHealth: true }],
            }),
            agency('Borough Police (demo)', 'police', 'borough-police-demo.example'),
          ],
          'childrens-social-care',
        ),
      },
    ],
  };
}
