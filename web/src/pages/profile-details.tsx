import { useState } from 'preact/hooks';
import { ApiError, callApi, describeFailure } from '../api.ts';
import type { Notice } from '../messages.tsx';
import type { Me } from '../types.ts';

const editable = [
  ['fullName', 'Full name', true],
  ['publicName', 'Public name', true],
  ['jobTitle', 'Job title', false],
  ['department', 'Department', false],
  ['organization', 'Organization', false],
  ['location', 'Location', false],
  ['timeZone', 'Time zone (such as Europe/Berlin)', false],
  ['locale', 'Locale (such as de-DE)', false],
] as const;

type EditableField = (typeof editable)[number][0];
type Draft = Record<EditableField, string>;

function draftOf(me: Me): Draft {
  const p = me.profile;
  return {
    fullName: p.fullName,
    publicName: p.publicName,
    jobTitle: p.jobTitle ?? '',
    department: p.department ?? '',
    organization: p.organization ?? '',
    location: p.location ?? '',
    timeZone: p.timeZone ?? '',
    locale: p.locale ?? '',
  };
}

/** The changes to send: required fields as typed, optional ones emptied to null. */
function changesOf(draft: Draft, me: Me): Partial<Record<EditableField, string | null>> {
  const before = draftOf(me);
  const changes: Partial<Record<EditableField, string | null>> = {};
  for (const [field, , required] of editable) {
    const value = draft[field].trim();
    if (value === before[field]) continue;
    changes[field] = value === '' && !required ? null : value;
  }
  return changes;
}

/** One value of the profile, with what Veil found wrong with it. */
function DetailInput({
  field,
  label,
  required,
  value,
  problem,
  onInput,
}: {
  field: EditableField;
  label: string;
  required: boolean;
  value: string;
  problem: string | undefined;
  onInput: (value: string) => void;
}) {
  return (
    <div class="form-row">
      <label for={`detail-${field}`}>{label}</label>
      <input
        id={`detail-${field}`}
        type="text"
        value={value}
        required={required}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `detail-${field}-problem` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {problem ? (
        <p class="field-problem" id={`detail-${field}-problem`}>
          {label} {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The details being edited, what Veil found wrong with them, and saving them. */
function useDetailsEditor(me: Me, onSaved: (me: Me) => void, report: (notice: Notice) => void) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(me));
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const save = async (event: Event) => {
    event.preventDefault();
    const changes = changesOf(draft, me);
    if (Object.keys(changes).length === 0)
      return report({ kind: 'success', text: 'Nothing to save: no value changed.' });
    try {
      const updated = await callApi<Me>('PATCH', '/veil/v1/me/profile', changes);
      onSaved(updated);
      setInvalid({});
      setOpen(false);
      report({ kind: 'success', text: 'Saved your details.' });
    } catch (error) {
      const problems = error instanceof ApiError ? error.problems : [];
      setInvalid(Object.fromEntries(problems.map((p) => [p.path.replace(/^body\./, ''), p.message])));
      report({ kind: 'error', text: `Not saved: ${describeFailure(error)}. Nothing was changed.` });
    }
  };
  return { open, setOpen, draft, setDraft, invalid, save };
}

/** Edit the values of your profile (not your email: it decides which organization manages you). */
export function ProfileDetails({
  me,
  onSaved,
  report,
}: {
  me: Me;
  onSaved: (me: Me) => void;
  report: (notice: Notice) => void;
}) {
  const { open, setOpen, draft, setDraft, invalid, save } = useDetailsEditor(me, onSaved, report);
  if (!open) {
    return (
      <p>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setDraft(draftOf(me));
            setOpen(true);
          }}
        >
          Edit your details
        </button>
      </p>
    );
  }
  return (
    <form class="card" onSubmit={(event) => void save(event)} aria-labelledby="details-heading" noValidate>
      <h2 id="details-heading">Your details</h2>
      <p class="hint">
        Your email address is changed under “Your email address”: a new one is proven by a link first.
      </p>
      <div class="details-grid">
        {editable.map(([field, label, required]) => (
          <DetailInput
            key={field}
            field={field}
            label={label}
            required={required}
            value={draft[field]}
            problem={invalid[field]}
            onInput={(value) => setDraft({ ...draft, [field]: value })}
          />
        ))}
      </div>
      <div class="buttons">
        <button type="submit">Save your details</button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
