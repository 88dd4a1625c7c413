/**
 * Which member feeds which receive slot of one viewer (pure functions, so the rules are testable):
 * - video slot 0 (primary): the member the viewer pinned, else the active speaker (when their camera
 *   is on), else the member already there, else the first other member with the camera on;
 *   slots 1..4: the others, each keeping its slot while it stays; free slots are filled in join
 *   order, cameras that are on first;
 * - audio slots 0..4: sticky likewise; beyond five others, a speaker without a slot takes the slot
 *   of someone silent.
 * A slot is a member id or null (nothing sent).
 */
export type Slots = (string | null)[];

export interface VideoCandidate {
  id: string;
  videoMuted: boolean;
}

export interface VideoSlotInput {
  /** The viewer's current assignment. */
  previous: Slots;
  /** Other members with video, in join order. */
  candidates: VideoCandidate[];
  pinned: string | null;
  activeSpeaker: string | null;
}

export function assignVideoSlots({ previous, candidates, pinned, activeSpeaker }: VideoSlotInput): Slots {
  const ids = new Set(candidates.map((m) => m.id));
  const visible = candidates.filter((m) => !m.videoMuted);
  const pick = (id: string | null | undefined) => (id && ids.has(id) ? id : null);
  const primary =
    pick(pinned) ??
    (visible.some((m) => m.id === activeSpeaker) ? activeSpeaker : null) ??
    pick(previous[0]) ??
    visible[0]?.id ??
    candidates[0]?.id ??
    null;
  const slots: Slots = [primary, ...previous.slice(1).map((id) => (id && ids.has(id) && id !== primary ? id : null))];
  fill(slots, [...visible, ...candidates].map((m) => m.id), 1);
  return slots;
}

export interface AudioSlotInput {
  previous: Slots;
  /** Other members with audio, in join order. */
  candidates: string[];
  /** Members speaking now, loudest first. */
  speaking: string[];
}

export function assignAudioSlots({ previous, candidates, speaking }: AudioSlotInput): Slots {
  const ids = new Set(candidates);
  const slots = previous.map((id) => (id && ids.has(id) ? id : null));
  const placed = fill(slots, candidates, 0);
  for (const id of speaking) {
    if (placed.has(id) || !ids.has(id)) continue;
    const silent = slots.findIndex((s) => s !== null && !speaking.includes(s));
    if (silent < 0) break;
    placed.delete(slots[silent]!);
    slots[silent] = id;
    placed.add(id);
  }
  return slots;
}

/** Puts each id not yet placed into the first free slot from `from` on; returns the placed set. */
function fill(slots: Slots, ids: string[], from: number): Set<string> {
  const placed = new Set(slots.filter((s): s is string => s !== null));
  for (const id of ids) {
    if (placed.has(id)) continue;
    const free = slots.indexOf(null, from);
    if (free < 0) break;
    slots[free] = id;
    placed.add(id);
  }
  return placed;
}
