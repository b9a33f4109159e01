import { useRef, useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api';
import type { Tenant } from '../app';
import { DiffTable, type Operation } from '../diff';
import { previewUrl, usePreviewToken } from '../preview';
import { type ConsoleApi, query } from '../session';
import { errorText, Field, formatDateTime, Page, Status, useLoad } from '../ui';

type Proposal = Schemas['ProposalDto'];

function age(iso: string): string {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} days ago`;
}

/** What AI agents proposed, waiting for a human: the agent, its reason and how long it has waited. */
export function ProposalsScreen({ api }: { api: ConsoleApi }) {
  const [status, setStatus] = useState('PENDING');
  const proposals = useLoad(() => api.get<Schemas['ProposalPageDto']>(`/v1/admin/proposals${query({ status, limit: 50 })}`), [status, api]);
  return (
    <Page title="Agent proposals">
      <Field id="p-status" label="Show">
        {(a) => (
          <select {...a} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="PENDING">Pending</option>
            <option value="APPROVED">Approved</option>
            <option value="REJECTED">Rejected</option>
          </select>
        )}
      </Field>
      <Status loading={proposals.loading && !proposals.data} error={proposals.error} />
      {proposals.data && proposals.data.items.length === 0 ? <p>No {status.toLowerCase()} proposals.</p> : null}
      <ul class="cards">
        {(proposals.data?.items ?? []).map((p) => (
          <li key={p.id}>
            <a href={`#/proposals/${p.id}`}>{p.summary}</a>
            <p class="muted">
              {p.agent.name ?? 'An agent'}
              {p.agent.model ? ` (${p.agent.model})` : ''} · {age(p.createdAt)} · {p.applicable ? 'applies' : 'no longer applies'}
            </p>
            <p>{p.rationale}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** One proposal: the published config and the config after it, side by side; approve (and publish) or reject with a reason. */
export function ProposalReview({ api, id, tenant }: { api: ConsoleApi; id: string; tenant: Tenant }) {
  const frame = useRef<HTMLIFrameElement>(null);
  usePreviewToken(frame, api);
  const proposal = useLoad(() => api.get<Proposal>(`/v1/admin/proposals/${id}`), [id, api]);
  const current = useLoad(async () => {
    const page = await api.get<Schemas['ConfigVersionPageDto']>(`/v1/admin/config/versions${query({ limit: 50 })}`);
    return page.items.find((v) => v.status === 'PUBLISHED')?.config ?? null;
  }, [api, id]);
  const [publish, setPublish] = useState(true);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; notice: string | null }>({ busy: false, error: null, notice: null });
  const p = proposal.data;

  const act = async (what: 'approve' | 'reject') => {
    if (what === 'reject' && !reason.trim()) return setState({ busy: false, error: 'Say why you reject it: the agent reads the reason.', notice: null });
    setState({ busy: true, error: null, notice: null });
    try {
      const body = what === 'approve' ? { publish } : { reason: reason.trim() };
      await api.post(`/v1/admin/proposals/${id}/${what}`, body);
      setState({
        busy: false,
        error: null,
        notice: what === 'approve' ? (publish ? 'Approved and published: the widget shows it now.' : 'Approved: it is a draft in Widget.') : 'Rejected.',
      });
      proposal.reload();
    } catch (error) {
      setState({ busy: false, error: errorText(error), notice: null });
    }
  };

  return (
    <Page title={p ? p.summary : 'Proposal'} actions={<a href="#/proposals">All proposals</a>}>
      <Status loading={proposal.loading && !p} error={state.error ?? proposal.error} notice={state.notice} />
      {p ? (
        <>
          <dl class="facts">
            <dt>Agent</dt>
            <dd>
              {p.agent.name ?? '—'}
              {p.agent.model ? ` (${p.agent.model})` : ''}
            </dd>
            <dt>Why</dt>
            <dd>{p.rationale}</dd>
            <dt>Proposed</dt>
            <dd>{formatDateTime(p.createdAt)}</dd>
            <dt>State</dt>
            <dd>
              {p.status.toLowerCase()}
              {p.rejectionReason ? ` — ${p.rejectionReason}` : ''}
            </dd>
          </dl>
          {!p.applicable ? (
            <p class="error" role="alert">
              This proposal no longer applies to the published configuration
              {p.conflict
                ? `: ${(p.conflict as { errors?: { field: string; message: string }[] }).errors?.map((e) => `${e.field} ${e.message}`).join('; ') ?? ''}`
                : ''}
              .
            </p>
          ) : p.baseChanged ? (
            <p class="notice">The configuration was published again since the agent read it; the diff below is against what is live now.</p>
          ) : null}
          <DiffTable
            caption="The published configuration and the configuration with this proposal"
            before={current.data}
            operations={(p.diff ?? []) as Operation[]}
            beforeLabel="Published now"
            afterLabel="With the proposal"
          />
          {p.status === 'PENDING' && p.applicable ? (
            <div class="preview">
              <h2>The widget with this proposal</h2>
              <iframe ref={frame} title="Preview of the widget with the proposal" src={previewUrl(tenant.slug, { proposalId: p.id })} />
            </div>
          ) : null}
          {p.status === 'PENDING' ? (
            <div class="panel">
              <label class="check">
                <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.currentTarget.checked)} /> Publish at once
              </label>
              <p>
                <button type="button" class="primary" onClick={() => void act('approve')} disabled={state.busy || !p.applicable}>
                  Approve
                </button>
              </p>
              <Field id="reject-reason" label="Reason to reject">
                {(a) => <textarea {...a} rows={2} maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
              </Field>
              <button type="button" class="danger" onClick={() => void act('reject')} disabled={state.busy}>
                Reject
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
