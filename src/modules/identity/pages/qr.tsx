// A QR code as inline SVG, made by Vervolg itself (uqr: small, no dependencies, pure JavaScript,
// so it runs on Node and in Workers alike; nothing is fetched from another host). One path of
// squares, white quiet zone, crisp edges; an accessible name, since the text beside it says the same.
import { raw } from 'hono/html';
import { encode } from 'uqr';

export function QrCode(props: { value: string; label: string; size?: number }) {
  const qr = encode(props.value, { ecc: 'M', border: 4 });
  const n = qr.size;
  let d = '';
  qr.data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x},${y}h1v1h-1z`;
    });
  });
  const size = props.size ?? 220;
  // Built as text: the path can have thousands of squares, and none of it comes from a person.
  const label = props.label.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return raw(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${label}" width="${size}" height="${size}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges" class="qr"><rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`,
  );
}
