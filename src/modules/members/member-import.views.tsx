import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { Network } from '../networks/networks.models.ts';
import { MAX_IMPORT_BYTES, type RowReason } from './member-import.models.ts';
import type { ImportCheck } from './member-import.usecases.ts';
import { CoordinatorNav } from './member-list.views.tsx';

export function ImportUploadPage({ c, network, message }: { c: ViewContext; network: Network; message?: string | undefined }) {
  const title = c.t('coordinator.import.title', { network: network.name });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <CoordinatorNav c={c} network={network} canManage current="import" />
      <ErrorSummary c={c} errors={[]} message={message} />
      <p>{c.t('coordinator.import.intro')}</p>
      <p>{c.t('coordinator.import.columns')}</p>
      <p>
        <code>{c.t('coordinator.import.example')}</code>
      </p>
      <p>{c.t('coordinator.import.vouch')}</p>
      <form method="post" action={`/networks/${network.id}/import`} enctype="multipart/form-data">
        <CsrfField c={c} />
        <div class={message ? 'field field-error' : 'field'}>
          <label for="field-file">{c.t('coordinator.import.file')}</label>
          <p class="hint" id="field-file-hint">
            {c.t('coordinator.import.fileHint', { max: MAX_IMPORT_BYTES / 1024 / 1024 })}
          </p>
          <input id="field-file" name="file" type="file" accept=".csv,text/csv,text/plain" required aria-describedby="field-file-hint" aria-invalid={message ? 'true' : undefined} />
        </div>
        <button type="submit">{c.t('coordinator.import.check')}</button>
      </form>
    </Layout>
  );
}

function Reason({ c, reason }: { c: ViewContext; reason: RowReason }) {
  const text = c.tDynamic(reason.key, reason.values);
  return <li>{reason.column ? `${reason.column}: ${text}` : text}</li>;
}

export function ImportReportPage({ c, check, message }: { c: ViewContext; check: ImportCheck; message?: string | undefined }) {
  const { network, report } = check;
  const title = c.t('coordinator.import.reportTitle', { network: network.name });
  const importable = report.created + report.linked;
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <CoordinatorNav c={c} network={network} canManage current="import" />
      <ErrorSummary c={c} errors={[]} message={message} />
      <p>{c.t('coordinator.import.fileRead', { file: report.fileName, encoding: report.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252', rows: report.rows })}</p>
      <dl class="details">
        <dt>{c.t('coordinator.import.count.created')}</dt>
        <dd>{report.created}</dd>
        <dt>{c.t('coordinator.import.count.linked')}</dt>
        <dd>{report.linked}</dd>
        <dt>{c.t('coordinator.import.count.invitations')}</dt>
        <dd>{report.invitations}</dd>
        <dt>{c.t('coordinator.import.count.rejected')}</dt>
        <dd>{report.rejected.length}</dd>
      </dl>
      {check.status === 'checked' && importable > 0 && (
        <form method="post" action={`/networks/${network.id}/import/${check.id}`}>
          <CsrfField c={c} />
          <p>{c.t('coordinator.import.confirmHint', { time: c.formatDateTime(check.expiresAt) })}</p>
          <button type="submit">{c.t('coordinator.import.run', { count: importable })}</button>
        </form>
      )}
      {check.status === 'imported' && <p class="notice">{c.t('coordinator.import.alreadyDone')}</p>}
      {report.rejected.length > 0 && (
        <table>
          <caption>{c.t('coordinator.import.rejectedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('coordinator.import.line')}</th>
              <th scope="col">{c.t('coordinator.column.name')}</th>
              <th scope="col">{c.t('coordinator.import.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.map((row) => (
              <tr>
                <td>{row.line}</td>
                <td>{row.name}</td>
                <td>
                  <ul>
                    {row.reasons.map((reason) => (
                      <Reason c={c} reason={reason} />
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`/networks/${network.id}/import`}>{c.t('coordinator.import.again')}</a>
      </p>
    </Layout>
  );
}
