/**
 * The attacker every probe plays. One home: probe origins are built from these
 * constants, and the parsers that recognise a probe origin again
 * (src/probe/origin-mutations.ts) read them too, so the two cannot disagree.
 */

/** The attacker's own registrable domain: reserved by RFC 2606, never a real site. */
export const ATTACKER_DOMAIN = 'corscan-attacker.example';
/** An unrelated attacker origin (the `arbitrary-origin` probe). */
export const ATTACKER_ORIGIN = `https://${ATTACKER_DOMAIN}`;
/** The label an attacker glues to a victim name (`corscanvictim.com`). */
export const ATTACKER_LABEL = 'corscan';
