import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../../api.ts';
import type { Notice } from '../../messages.tsx';
import type { Site } from '../../types.ts';

const stageLabels = {
  legacy: 'Legacy: usernames and user keys still work beside account IDs',
  enforced: 'Enforced: account IDs only',
} as const;

/** The site's migration period: the stage in force, and the stage and end date a site admin sets. */
export function SiteMigrationSettings({
  site,
  report,
}: {
  site: Site;
  report: (notice: Notice, reload: boolean) => void;
}) {
  const migration = site.migration ?? { stage: 'enforced', deprecationEnds: null };
  const [stage, setStage] = useState(migration.stage);
  const [ends, setEnds] = useState(migration.deprecationEnds?.slice(0, 10) ?? '');
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const deprecationEnds =
        stage === 'legacy' && ends !== '' ? new Date(`${ends}T00:00:00Z`).toISOString() : null;
      await callApi('PATCH', apiPath`/veil/v1/sites/${site.id}`, { migration: { stage, deprecationEnds } });
      report({ kind: 'success', text: `Saved. The site's migration stage is ${stage}.` }, true);
    } catch (error) {
      report({ kind: 'error', text: `Not saved: ${describeFailure(error)}. Nothing was changed.` }, true);
    }
  };
  return (
    <section class="card" aria-labelledby="migration-heading">
      <h2 id="migration-heading">Migration period</h2>
      <p>
        In force now: <strong>{stageLabels[site.stageNow ?? migration.stage]}</strong>
        {migration.deprecationEnds
          ? `, until ${new Date(migration.deprecationEnds).toLocaleDateString()}`
          : ''}
        .
      </p>
      <form class="inline-form" onSubmit={(event) => void save(event)}>
        <label for="migration-stage">Stage</label>
        <select
          id="migration-stage"
          value={stage}
          onChange={(e) => setStage(e.currentTarget.value as 'legacy' | 'enforced')}
        >
          <option value="legacy">Legacy</option>
          <option value="enforced">Enforced</option>
        </select>
        {stage === 'legacy' ? (
          <>
            <label for="migration-ends">Enforced from</label>
            <input
              id="migration-ends"
              type="date"
              value={ends}
              onInput={(e) => setEnds(e.currentTarget.value)}
            />
          </>
        ) : null}
        <button type="submit" class="secondary">
          Save the migration stage
        </button>
      </form>
    </section>
  );
}
