// The SQL that `npm run bench:caseload` seeds a caseload with: one statement per table, each an
// INSERT … SELECT over generate_series, so 5,000 young people with two years of progress take
// seconds, not the hours a row-by-row seed from JavaScript would. Run as the owner (a superuser:
// row-level security does not apply to a seed), in the throwaway database only.
//
// Everything is derived from the young person's number i (1, 2, …) with fixed multipliers, so a
// run is repeatable and a larger size adds i = previous + 1 … size to what is there (the record
// tables refuse TRUNCATE). Ids of agreements, case managers, signers and plan items are md5-based
// (bench_id), so one statement can refer to what another made without reading it back; the ids of
// records are UUIDv7 of the moment they describe (bench_uuid7), as the app makes them, because
// "the latest row" of a plan item is ordered by (occurred_on, id).
//
// The mix per hundred young people (h = i·37 mod 100, so every case manager's 25 get the mix too):
// 70 active, 6 sent, 3 expired, 3 declined, 5 ended, 5 completed, 4 draft, 2 amending,
// 1 amendment sent, 1 cancelled. In force (active, amending, amendment sent): two years of records
// (every kind of plan_progress the CHECKs of migration 0019 allow). Not seeded: signing_events,
// signed_documents (the sealed PDFs) and barriers, which the caseload does not read.

/** Helper functions, made once in the throwaway database. */
export const HELPERS = `
create function bench_id(label text, n int) returns uuid language sql immutable as $$ select md5(label || ':' || n)::uuid $$;

-- A UUIDv7 of that moment (48 bits of milliseconds, version 7, variant 10, random bits), as the app's uuidv7().
create function bench_uuid7(at timestamptz) returns uuid language sql volatile as $$
  select (lpad(to_hex(floor(extract(epoch from at) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 3)
          || (array['8', '9', 'a', 'b'])[1 + floor(random() * 4)::int] || substr(md5(random()::text), 1, 15))::uuid
$$;

create function bench_name(i int) returns text language sql immutable as $$
  select (array['Anouk','Bram','Daan','Emma','Fatima','Finn','Noah','Sem','Zoë','Noël','Lieke','Mohammed','Yara','Amira','Jesse',
                'Sanne','Thijs','Iris','Levi','Mila','Ayoub','Chloë','Rayan','Liam','Sara','Julia','Tim','Esmée','Dewi','Gökhan'])[1 + i % 30]
      || ' ' ||
         (array['de Vries','Jansen','van den Berg','Bakker','Öztürk','El Amrani','Visser','Smit','Meijer','de Boer','Mulder','de Groot',
                'Bos','Vos','Peters','Hendriks','van Leeuwen','Dekker','Brouwer','de Wit','Dijkstra','Yılmaz','Kaya','Bouzid','van Dijk',
                'Janssen','Willems','Postma','Kramer','Hoekstra'])[1 + (i / 30 + i * 7) % 30]
$$;

-- The plan as drawn up: 2–5 goals, 2–3 commitments, 1–2 conditions, 1–2 risks, all with ids; the
-- network; the whole turning-18 checklist; review moments every 13 weeks (those in the past held,
-- except the last one when the review is overdue).
create function bench_plan(p text, i int, goals int, commitments int, conditions int, risks int, dep date, in_force boolean, overdue boolean)
returns jsonb language sql stable as $$
  select jsonb_build_object(
    'goals', (select jsonb_agg(jsonb_build_object(
        'id', bench_id(p || '-goal-' || i, n),
        'domain', (array['housing','education','work-day-activity','income-debts','social-network','health','leisure','justice','practical-affairs'])[1 + (i + n * 4) % 9],
        'term', case when n = 1 then 'short' else 'long' end,
        'description', (array['Een eigen kamer vinden en daar blijven wonen','Het mbo-diploma halen','Een bijbaan vinden en houden',
                              'Zelf de rekeningen betalen, zonder nieuwe schulden','Elke week iets doen met vrienden of familie',
                              'Zelf afspraken maken bij de huisarts en de tandarts'])[1 + (i + n) % 6],
        'targetDate', (dep + 180 * n)::text,
        'status', 'open') order by n) from generate_series(1, goals) n),
    'commitments', (select jsonb_agg(jsonb_build_object(
        'id', bench_id(p || '-commitment-' || i, n),
        'party', (array['young-person','municipality','provider','network-member'])[1 + (n - 1) % 4],
        'what', (array['Ik kom naar de afspraken met mijn begeleider','De gemeente regelt de huurtoeslag samen met jou',
                       'De begeleider komt langs op het kamertraject','Tante Ria helpt met de post'])[1 + (n - 1) % 4],
        'frequency', (array['elke week','elke twee weken','elke maand'])[1 + (i + n) % 3]) order by n) from generate_series(1, commitments) n),
    'conditions', (select jsonb_agg(jsonb_build_object(
        'id', bench_id(p || '-condition-' || i, n),
        'help', 'Ambulante begeleiding bij zelfstandig wonen',
        'dependsOn', 'De afspraken met de begeleider',
        'ifNotKept', 'We praten samen over wat er nodig is en passen de hulp aan',
        'reviewOn', (dep + 91 * n)::text) order by n) from generate_series(1, conditions) n),
    'risks', (select jsonb_agg(jsonb_build_object(
        'id', bench_id(p || '-risk-' || i, n),
        'risk', (array['Terugval in middelengebruik','Schulden lopen op','Geen school of werk meer'])[1 + (i + n) % 3],
        'signals', 'Afspraken afzeggen, niet meer reageren op berichten',
        'actions', 'Binnen een week een huisbezoek',
        'who', 'De casemanager') order by n) from generate_series(1, risks) n),
    'network', jsonb_build_array(
        jsonb_build_object('name', 'Ria de Boer', 'relation', 'tante', 'kind', 'informal', 'phone', '0612345678', 'practicalContact', true),
        jsonb_build_object('name', 'Kees Mulder', 'relation', 'mentor', 'kind', 'formal', 'email', 'mentor@example.org', 'practicalContact', false)),
    'checklist', (select jsonb_agg(jsonb_build_object('item', c, 'status', 'todo') order by o)
        from unnest(array['digid','health-insurance','allowances','bank-account','student-finance','house-seeker-registration',
                          'insurance','tax-return','child-support']) with ordinality u(c, o)),
    'reviews', case when in_force
      then (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('plannedOn', d::text,
              'heldOn', case when d <= current_date and not (overdue and k = 7) then d::text end)) order by k)
              from generate_series(0, 9) k cross join lateral (select current_date - 700 + 91 * k + i % 7 as d) x)
      else (select jsonb_agg(jsonb_build_object('plannedOn', (dep + 91 * k)::text) order by k) from generate_series(1, 4) k)
    end)
$$;

create unlogged table bench_batch (
  i int, tenant_id uuid, id uuid, cm uuid, status text, in_force boolean, overdue boolean,
  goals int, commitments int, conditions int, risks int, birth date, dep date, start date, name text, created_at timestamptz
);
`;

/** Parameters of every statement below: $1 tenant id, $2 prefix (m, o), $3 first i, $4 last i. */
export const CASE_MANAGERS = [
  `insert into users (id, email, name)
   select bench_id($2::text || '-cm', n), $2::text || '-cm' || n || '@bench.example', bench_name(n * 11 + 3)
     from generate_series(($3::int - 1) / 25 + 1, ($4::int - 1) / 25 + 1) n
   on conflict (id) do nothing`,
  `insert into memberships (tenant_id, user_id, roles)
   select $1::uuid, bench_id($2::text || '-cm', n), '{case-manager}' from generate_series(($3::int - 1) / 25 + 1, ($4::int - 1) / 25 + 1) n
   on conflict do nothing`,
];

/** The young people of this batch, with everything derived from i (25 per case manager). */
export const BATCH = `
insert into bench_batch
select i, $1::uuid, bench_id($2::text || '-agreement', i), bench_id($2::text || '-cm', (i - 1) / 25 + 1), s.status,
       s.status in ('active', 'amending', 'amendment-sent'),
       s.status in ('active', 'amending', 'amendment-sent') and i % 10 = 3,
       2 + (i * 3) % 4, 2 + (i / 4) % 2, 1 + (i / 8) % 2, 1 + (i / 16) % 2,
       (current_date - interval '16 years')::date - (i * 7919) % 2555,
       d.dep, d.dep - (14 + i % 120), bench_name(i),
       case when s.open then now() - (14 + i % 30) * interval '1 day' else (d.dep - (54 + i % 120)) + time '09:30' end
  from generate_series($3::int, $4::int) i
  cross join lateral (select (i * 37) % 100 as h) m
  cross join lateral (select case when h < 70 then 'active' when h < 76 then 'sent' when h < 79 then 'expired' when h < 82 then 'declined'
                                  when h < 87 then 'ended' when h < 92 then 'completed' when h < 96 then 'draft' when h < 98 then 'amending'
                                  when h < 99 then 'amendment-sent' else 'cancelled' end as status) s0
  cross join lateral (select s0.status, s0.status in ('draft', 'sent', 'expired', 'declined', 'cancelled') as open) s
  -- Departures over the last two years; those not signed yet leave in the coming months.
  cross join lateral (select case when s.open then current_date - 20 + (i * 31) % 120 else current_date - (i * 104729) % 730 end as dep) d`;

export const AGREEMENTS = `
insert into agreements (tenant_id, id, template_version_id, status, revision, young_person_name, young_person_birth_date, young_person_email,
                        case_manager_id, departure_date, aftercare_start_date, plan, in_force_version, end_reason, end_note, ended_at, created_at, updated_at)
select b.tenant_id, b.id, (select v.id from agreement_template_versions v where v.tenant_id = $1::uuid and v.status = 'published' limit 1),
       b.status, case b.status when 'draft' then 1 when 'amending' then 4 when 'amendment-sent' then 5 else 3 end,
       b.name, b.birth, 'jongere' || b.i || '@' || $2::text || '.bench.example', b.cm, b.dep, b.start,
       bench_plan($2::text, b.i, b.goals, b.commitments, b.conditions, b.risks, b.dep, b.in_force, b.overdue),
       case when b.status in ('active', 'amending', 'amendment-sent', 'ended', 'completed') then 1 end,
       case b.status when 'completed' then '31' when 'ended' then (array['32', '34', '35'])[1 + b.i % 3] end,
       case b.status when 'ended' then 'Verhuisd naar een andere gemeente' when 'cancelled' then 'Toch niet nodig' end,
       case when b.status in ('ended', 'completed') then greatest(now() - (b.i % 300) * interval '1 day', b.start + interval '60 days')
            when b.status = 'cancelled' then now() - (b.i % 7) * interval '1 day' end,
       b.created_at, greatest(b.created_at, now() - ((b.i * 13) % 60) * interval '1 day')
  from bench_batch b`;

/**
 * Version 1 of every agreement sent at least once (signed, out, expired, declined or cancelled),
 * version 2 out for signature for an amendment sent; the content frozen as the app freezes it (the
 * template's texts, the people, the dates, the plan) with its SHA-256.
 */
export const VERSIONS = `
insert into agreement_versions (tenant_id, id, agreement_id, version, status, content, content_sha256, sent_at, signed_at, closed_at)
select b.tenant_id, bench_id($2::text || '-version-' || v.version, b.i), b.id, v.version, v.status, c.content,
       encode(sha256(convert_to(c.content::text, 'UTF8')), 'hex'), v.sent_at,
       case when v.status = 'signed' then v.sent_at + interval '3 days' end,
       case when v.status in ('expired', 'declined', 'cancelled') then least(now(), v.sent_at + interval '7 days') end
  from bench_batch b
  join agreements a on a.tenant_id = b.tenant_id and a.id = b.id
  join users u on u.id = b.cm
  cross join (select t.name, tv.template_id, tv.content -> 'sections' as texts
                from tenants t join agreement_template_versions tv on tv.tenant_id = t.id
               where t.id = $1::uuid and tv.status = 'published' limit 1) tpl
  cross join lateral (
    select 1 as version,
           case b.status when 'sent' then 'sent' when 'expired' then 'expired' when 'declined' then 'declined' when 'cancelled' then 'cancelled' else 'signed' end as status,
           case when b.status in ('sent', 'expired', 'declined', 'cancelled') then now() - (10 + b.i % 5) * interval '1 day' else b.created_at + interval '5 days' end as sent_at
     where b.status <> 'draft'
    union all
    select 2, 'sent', now() - (b.i % 9) * interval '1 day' where b.status = 'amendment-sent'
  ) v
  cross join lateral (select jsonb_build_object(
      'agreementId', b.id, 'version', v.version,
      'municipality', jsonb_build_object('id', b.tenant_id, 'name', tpl.name),
      'template', jsonb_build_object('id', tpl.template_id, 'version', 1),
      'youngPerson', jsonb_build_object('name', b.name, 'dateOfBirth', b.birth::text, 'email', a.young_person_email, 'mobile', null),
      'caseManager', jsonb_build_object('id', b.cm, 'name', u.name),
      'providers', '[]'::jsonb, 'departureDate', b.dep::text, 'aftercareStartDate', b.start::text,
      'texts', tpl.texts, 'plan', a.plan) as content) c`;

/**
 * The young person (position 1) and the municipality's officer (position 2) of each version. Out
 * for signature: the link with the young person (or, for a third, already signed and with the
 * officer), expiring between two days ago and four days ahead, so the caseload shows links
 * expired, expiring and waiting. Expired, declined and cancelled rounds as the app leaves them.
 */
export const SIGNERS = `
insert into signers (tenant_id, id, agreement_id, version, role, name, email, channel, position, token_hash, expires_at, status,
                     verified_at, signed_at, typed_name, decline_reason, codes_sent, created_at)
select v.tenant_id, s.id, v.agreement_id, v.version, r.role, r.name, r.email, 'email', r.position,
       encode(sha256(convert_to(s.id::text, 'UTF8')), 'hex'),
       case when st.status = 'notified' then now() + ((b.i / 7) % 7 - 2) * interval '1 day' else v.sent_at + interval '14 days' end,
       st.status,
       case when st.status in ('signed', 'declined') then v.sent_at + interval '2 days' end,
       case when st.status = 'signed' then v.sent_at + interval '2 days' + r.position * interval '1 hour' end,
       case when st.status = 'signed' then r.name end,
       case when st.status = 'declined' then 'Ik wil eerst nog praten over de afspraken' end,
       case when st.status in ('signed', 'declined') then 1 else 0 end,
       v.sent_at
  from bench_batch b
  join agreement_versions v on v.tenant_id = b.tenant_id and v.agreement_id = b.id
  join agreements a on a.tenant_id = b.tenant_id and a.id = b.id
  join users u on u.id = b.cm
  cross join lateral (values (1, 'young-person', b.name, a.young_person_email), (2, 'municipality-officer', u.name, u.email)) r(position, role, name, email)
  cross join lateral (select bench_id($2::text || '-signer-' || v.version || '-' || r.position, b.i) as id) s
  cross join lateral (select case
      when v.status = 'signed' then 'signed'
      when v.status = 'sent' and b.i % 3 = 0 then case r.position when 1 then 'signed' else 'notified' end
      when v.status = 'sent' then case r.position when 1 then 'notified' else 'waiting' end
      when v.status = 'expired' then case r.position when 1 then 'expired' else 'cancelled' end
      when v.status = 'declined' then case r.position when 1 then 'declined' else 'cancelled' end
      else 'cancelled' end as status) st`;

/** Contact moments about every two weeks for two years; some no-show or not reachable; one in twelve none in the last two months. */
export const CONTACT_MOMENTS = `
insert into contact_moments (id, tenant_id, agreement_id, occurred_on, kind, note, recorded_by, recorded_at)
select bench_uuid7(x.d + time '16:00'), b.tenant_id, b.id, x.d, y.kind,
       case when k % 3 = 0 then 'Gesproken over school, geld en wonen. Gaat redelijk.' end, b.cm, x.d + time '16:00'
  from bench_batch b
  cross join generate_series(0, 52) k
  cross join lateral (select current_date - 730 + 14 * k + (b.i + k) % 5 as d) x
  cross join lateral (select case when (b.i * 7 + k * 3) % 9 = 0 then 'no-show' when (b.i + k * 5) % 13 = 0 then 'not-reachable'
                                  else (array['face-to-face', 'phone', 'message', 'home-visit'])[1 + (b.i + k) % 4] end as kind) y
 where b.in_force and x.d <= current_date and not (b.i % 12 = 5 and x.d > current_date - 60)`;

/** Review meetings every 13 weeks (eight in two years), each with the next review; the last one missing where the review is overdue. */
export const REVIEW_MEETINGS = `
insert into review_meetings (id, tenant_id, agreement_id, held_on, participants, agreed, next_review_on, recorded_by, recorded_at)
select bench_uuid7(x.d + time '11:00'), b.tenant_id, b.id, x.d,
       case when k % 2 = 0 then '{young-person,case-manager,network}'::text[] else '{young-person,case-manager,provider}'::text[] end,
       'Doelen doorgelopen; de afspraken blijven zoals ze zijn. Volgende keer praten we over werk.', x.d + 91, b.cm, x.d + time '17:00'
  from bench_batch b
  cross join generate_series(0, 7) k
  cross join lateral (select current_date - 700 + 91 * k + b.i % 7 as d) x
 where b.in_force and x.d <= current_date and not (b.overdue and k = 7)`;

/** plan_progress 'goal': each goal's status every 13 weeks, open → in progress → achieved, not achieved or still going. */
export const GOAL_PROGRESS = `insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, status, note, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '12:00'), b.tenant_id, b.id, 'goal', bench_id($2::text || '-goal-' || b.i, n)::text, x.d,
          case when k = 0 then 'open' when k < 6 then 'in-progress' else (array['achieved', 'not-achieved', 'in-progress', 'in-progress'])[1 + (b.i + n) % 4] end,
          'Stap gezet: gesprek gehad en een plan gemaakt.', b.cm, x.d + time '12:00'
     from bench_batch b cross join lateral generate_series(1, b.goals) n cross join generate_series(0, 7) k
     cross join lateral (select current_date - 700 + 91 * k + n as d) x
    where b.in_force and x.d <= current_date`;

/** plan_progress 'commitment': each commitment kept or not every two months, with what was done when not. */
export const COMMITMENT_PROGRESS = `insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, kept, action, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '13:00'), b.tenant_id, b.id, 'commitment', bench_id($2::text || '-commitment-' || b.i, n)::text, x.d, y.kept,
          case when not y.kept then 'Besproken wat er misging; nieuwe afspraak gemaakt.' end, b.cm, x.d + time '13:00'
     from bench_batch b cross join lateral generate_series(1, b.commitments) n cross join generate_series(0, 11) k
     cross join lateral (select current_date - 720 + 61 * k + n as d) x
     cross join lateral (select (b.i + n * 3 + k) % 8 <> 0 as kept) y
    where b.in_force and x.d <= current_date`;

/** plan_progress 'condition': each condition every 13 weeks; not kept with the agreed action, for one in eleven the last one without. */
export const CONDITION_PROGRESS = `insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, kept, action, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '14:00'), b.tenant_id, b.id, 'condition', bench_id($2::text || '-condition-' || b.i, n)::text, x.d, y.kept,
          case when not y.kept and b.i % 11 <> 4 then 'Hulp aangepast zoals afgesproken.' end, b.cm, x.d + time '14:00'
     from bench_batch b cross join lateral generate_series(1, b.conditions) n cross join generate_series(0, 7) k
     cross join lateral (select current_date - 690 + 91 * k + n as d) x
     cross join lateral (select not ((b.i % 11 = 4 and k = 7) or (b.i + n + k) % 9 = 0) as kept) y
    where b.in_force and x.d <= current_date`;

/** plan_progress 'risk': early signals of an agreed risk observed three times in two years, some without an action. */
export const RISK_SIGNALS = `insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, note, action, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '15:00'), b.tenant_id, b.id, 'risk', bench_id($2::text || '-risk-' || b.i, n)::text, x.d,
          'Twee afspraken afgezegd en reageert niet op berichten.',
          case when (b.i % 9 = 2 and k = 2) or (k = 1 and b.i % 3 = 0) then null else 'Huisbezoek gedaan binnen een week.' end, b.cm, x.d + time '15:00'
     from bench_batch b cross join lateral generate_series(1, b.risks) n cross join generate_series(0, 2) k
     cross join lateral (select current_date - 600 + 250 * k + (b.i + n) % 30 as d) x
    where b.in_force and x.d <= current_date`;

/** plan_progress 'risk-action': the action taken later on a signal recorded without one (not on the most recent ones of i % 9 = 2). */
export const RISK_ACTIONS = `insert into plan_progress (id, tenant_id, agreement_id, kind, occurred_on, action, refers_to, recorded_by, recorded_at)
   select bench_uuid7(r.occurred_on + 7 + time '10:00'), r.tenant_id, r.agreement_id, 'risk-action', r.occurred_on + 7,
          'Gesprek met jongere en netwerk; extra begeleiding ingezet.', r.id, r.recorded_by, r.occurred_on + 7 + time '10:00'
     from bench_batch b join plan_progress r on r.tenant_id = b.tenant_id and r.agreement_id = b.id
    where r.kind = 'risk' and r.action is null and r.occurred_on + 7 <= current_date and not (b.i % 9 = 2 and r.occurred_on > current_date - 200)`;

/** plan_progress 'checklist': the turning-18 items ticked over time (to do, in progress, done); for one in five three items never done. */
export const CHECKLIST_PROGRESS = `insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, status, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '09:00'), b.tenant_id, b.id, 'checklist', c.item, x.d, s.status, b.cm, x.d + time '09:00'
     from bench_batch b
     cross join unnest(array['digid','health-insurance','allowances','bank-account','student-finance','house-seeker-registration',
                             'insurance','tax-return','child-support']) with ordinality c(item, m)
     cross join (values (0, 'todo'), (1, 'in-progress'), (2, 'done')) s(step, status)
     cross join lateral (select current_date - 700 + s.step * (150 + c.m::int * 20) + c.m::int as d) x
    where b.in_force and x.d <= current_date and not (s.step = 2 and b.i % 5 = 1 and c.m in (1, 3, 5))`;

/** plan_progress 'framework': the legal framework after 18, recorded around the 18th birthday (not for one in six). */
export const FRAMEWORK_PROGRESS = `insert into plan_progress (id, tenant_id, agreement_id, kind, occurred_on, framework, note, recorded_by, recorded_at)
   select bench_uuid7(x.d + time '10:00'), b.tenant_id, b.id, 'framework', x.d, (array['wmo', 'participatiewet', 'zvw', 'wlz', 'none'])[1 + b.i % 5],
          'Warme overdracht gedaan.', b.cm, x.d + time '10:00'
     from bench_batch b cross join lateral (select greatest((b.birth + interval '18 years')::date - 30, current_date - 700) as d) x
    where b.in_force and x.d <= current_date and b.i % 6 <> 0`;

/** The young person's own voice, about monthly: notes on goals, topics for the review, requests for help (one in fifteen open now). */
export const YOUNG_PERSON_NOTES = `
insert into young_person_notes (id, tenant_id, agreement_id, signer_id, kind, goal_ref, domain, body, created_at)
select bench_uuid7(x.at), b.tenant_id, b.id, bench_id($2::text || '-signer-1-1', b.i), y.kind,
       case when y.kind = 'goal-note' then bench_id($2::text || '-goal-' || b.i, 1 + k % b.goals)::text end,
       case when y.kind = 'help' and k % 2 = 0 then (array['housing', 'income-debts', 'education', 'health'])[1 + (b.i + k) % 4] end,
       case y.kind when 'help' then 'Ik heb hulp nodig met een brief van de belasting.' when 'review-topic' then 'Ik wil praten over een andere kamer.'
                   else 'Het gaat goed met dit doel, ik heb een afspraak gemaakt.' end,
       x.at
  from bench_batch b
  cross join generate_series(0, 24) k
  cross join lateral (select case when k = 24 then now() - interval '2 days' else (current_date - 700 + 29 * k + b.i % 20) + time '20:15' end as at) x
  cross join lateral (select case when k = 24 then 'help' when k % 3 = 0 then 'goal-note' when k % 3 = 1 then 'review-topic'
                                  when (b.i + k) % 4 = 0 then 'help' else 'goal-note' end as kind) y
 where b.in_force and x.at <= now() and (k < 24 or b.i % 15 = 7)`;

/**
 * The records, in two streams of about equal work that run side by side on two connections (the
 * tables differ, so they do not wait on each other; within a stream the order holds: a risk-action
 * refers to a risk signal).
 */
export const RECORD_STREAMS = [
  [GOAL_PROGRESS, COMMITMENT_PROGRESS, CHECKLIST_PROGRESS, REVIEW_MEETINGS, FRAMEWORK_PROGRESS],
  [CONTACT_MOMENTS, CONDITION_PROGRESS, RISK_SIGNALS, RISK_ACTIONS, YOUNG_PERSON_NOTES],
];

/** The tables the seed writes, for VACUUM ANALYZE. */
export const SEEDED_TABLES = ['users', 'memberships', 'agreements', 'agreement_versions', 'signers', 'contact_moments', 'review_meetings', 'plan_progress', 'young_person_notes'];
