// The typical agreement (src/modules/signing/pdf/example.ts) as another young person's: for
// `npm run bench:pdf`, so that each run renders a document the process has not seen before. The
// renderer keeps what it measured and cleaned per font for the process (src/platform/pdf/layout.ts);
// rendering the very same agreement again and again would time those caches, not the work. Names
// (some with letters outside Latin-1), case manager, mentor, ids, hashes and times differ per run;
// the structure, length and wording of the typical agreement stay.
import { createHash } from 'node:crypto';
import type { AgreementDocument } from '../../src/modules/signing/pdf/agreement-pdf.js';
import { exampleAgreementDocument } from '../../src/modules/signing/pdf/example.js';

const FIRST_NAMES = ['Noor', 'Şükrü', 'Łucja', 'Ánh', 'Daan', 'Fatima', 'Mila', 'Ayoub', 'Sanne', 'Jayden', 'Zoë', 'Björn', 'Yara', 'Mehmet', 'Iris', 'Kofi', 'Eline', 'Rayan', 'Fenna', 'Dragoş', 'Julia', 'Milan', 'Aïcha', 'Tijn'];
const SURNAMES = ['Bakker', 'Yılmaz', 'Wójcik', 'Nguyễn', 'de Vries', 'El Amrani', 'Jansen', 'Boukhari', 'van den Berg', 'Mensah', 'Müller', 'Smit', 'Öztürk', 'Visser', 'de Boer', 'Kowalczyk', 'Meijer', 'Haddou', 'Mulder', 'Popescu', 'Bos', 'Peeters', 'Çelik', 'Dekker'];
const STAFF = ['Jeroen van Dijk', 'Esra Kaya', 'Wim de Graaf', 'Lotte Hendriks', 'Samir Benali', 'Anouk Vermeulen', 'Pieter-Jan Claes', 'Ingrid Sørensen'];
const MENTORS = ['Fatima el Idrissi', 'Marco Rossi', 'Sophie Lambert', 'Thijs Vos', 'Naima Tahiri', 'Jasper Kok'];

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

export function variedAgreement(run: number): AgreementDocument {
  const first = FIRST_NAMES[run % FIRST_NAMES.length] as string;
  const surname = SURNAMES[(run * 7 + Math.floor(run / FIRST_NAMES.length)) % SURNAMES.length] as string;
  const staff = STAFF[run % STAFF.length] as string;
  const mentor = MENTORS[run % MENTORS.length] as string;
  const mentorFirst = mentor.split(' ')[0] as string;
  const text = JSON.stringify(exampleAgreementDocument())
    .replaceAll('Noor Bakker', `${first} ${surname}`)
    .replaceAll('Bakker', surname)
    .replaceAll('Noor', first)
    .replaceAll('Jeroen van Dijk', staff)
    .replaceAll('J. van Dijk', `${staff[0]}. ${staff.split(' ').slice(1).join(' ')}`)
    .replaceAll('Fatima el Idrissi', mentor)
    .replaceAll('Fatima', mentorFirst);
  const doc = JSON.parse(text) as AgreementDocument;
  const id = hex(`agreement ${run}`, 32);
  doc.agreementId = `${id.slice(0, 8)}-${id.slice(8, 12)}-7${id.slice(13, 16)}-9${id.slice(17, 20)}-${id.slice(20, 32)}`;
  doc.contentSha256 = hex(`content ${run}`, 64);
  doc.version = 1 + (run % 4);
  // Times move by whole minutes per run; the events' addresses too.
  const shift = (iso: string) => new Date(Date.parse(iso) + (run % 10_000) * 60_000).toISOString().replace('.000Z', 'Z');
  doc.sentAt = shift(doc.sentAt);
  doc.completedAt = shift(doc.completedAt);
  for (const signer of doc.signers) {
    signer.signedAt = shift(signer.signedAt);
    signer.consentTextSha256 = hex(`consent ${run}`, 64);
  }
  for (const event of doc.events) {
    event.at = shift(event.at);
    if (event.ip) event.ip = event.ip.replace(/\.\d+$/, `.${run % 250}`);
  }
  return doc;
}
