import { Button, List, Modal, Progress, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, uploadWithProgress, type Schemas } from '../api/client';
import { ErrorAlert } from './states';
import { dateTime } from '../format';

type Material = Schemas['MaterialDto'];

/** What a page shows of a version's checklist: its required kinds, and each kind as the page's language reads it. */
export interface MaterialKinds {
  required: string[];
  /** Every kind an upload may be: the required ones, then the optional (其他补充材料 takes what a 补正 asks beyond them). */
  accepted: string[];
  /** A kind's English name where the version gives one and the page is in English, else the kind as written. */
  name: (kind: string) => string;
}

/** A program version's (its `definition`, as the API returns it) material kinds for this page. */
export function useMaterialKinds(definition: unknown): MaterialKinds {
  const { i18n } = useTranslation();
  const version = definition as { requiredMaterials?: string[]; optionalMaterials?: string[]; materialNamesEn?: Record<string, string> } | undefined;
  const english = i18n.language === 'en' ? version?.materialNamesEn : undefined;
  const required = version?.requiredMaterials ?? [];
  return { required, accepted: [...required, ...(version?.optionalMaterials ?? [])], name: (kind) => english?.[kind] ?? kind };
}

/** Upload one material of a kind from the checklist, with progress. */
export function MaterialUpload({ applicationId, kinds, onUploaded }: { applicationId: string; kinds: MaterialKinds; onUploaded: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<string | undefined>(kinds.accepted[0]);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <div>
      <ErrorAlert error={error} />
      <Space wrap>
        <Select aria-label={t('field.kind')} style={{ minWidth: 260 }} value={kind} onChange={setKind} options={kinds.accepted.map((k) => ({ value: k, label: kinds.name(k) }))} />
        <label>
          <span style={{ marginRight: 8 }}>{t('field.file')}</span>
          <input type="file" accept=".pdf,.jpg,.jpeg,.png,.ofd" data-testid="material-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <Button
          type="primary"
          disabled={!file || !kind}
          onClick={async () => {
            if (!file || !kind) return;
            setError(null);
            setProgress(0);
            const form = new FormData();
            form.append('kind', kind);
            form.append('file', file);
            try {
              await uploadWithProgress(`/api/v1/applications/${applicationId}/materials`, form, setProgress);
              setProgress(100);
              onUploaded();
            } catch (e) {
              setError(e instanceof ApiError ? e : new ApiError(0, 'network', [], 'network'));
              setProgress(null);
            }
          }}
        >
          {t('enterprise.upload')}
        </Button>
      </Space>
      {progress !== null && <Progress percent={progress} aria-label={t('enterprise.uploading')} />}
    </div>
  );
}

/** The materials of a case; a PDF or an image opens in a sandboxed viewer (never run as a page of ours). */
export function MaterialList({ materials, kinds }: { materials: Material[]; kinds: MaterialKinds }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<{ url: string; material: Material } | null>(null);
  useEffect(() => () => { if (preview) URL.revokeObjectURL(preview.url); }, [preview]);
  return (
    <>
      <List
        size="small"
        dataSource={materials}
        locale={{ emptyText: t('common.none') }}
        renderItem={(m) => (
          <List.Item
            actions={[
              <Button key="p" size="small" onClick={async () => {
                const res = await fetch(`/api/v1/materials/${m.id}/content`, { credentials: 'same-origin' });
                const blob = new Blob([await res.arrayBuffer()], { type: m.contentType });
                setPreview({ url: URL.createObjectURL(blob), material: m });
              }}>{t('review.preview')}</Button>,
            ]}
          >
            {/* One block, so its size and date sit under the name rather than wherever the row's free space puts them. */}
            <List.Item.Meta title={`${kinds.name(m.kind)}${t('trace.colon')}${m.fileName}`} description={`${Math.ceil(m.sizeBytes / 1024)} KB · ${dateTime(m.createdAt)}`} />
          </List.Item>
        )}
      />
      <Modal open={!!preview} width={900} footer={null} title={preview?.material.fileName} onCancel={() => setPreview(null)}>
        {preview && (preview.material.contentType.startsWith('image/') ? (
          <img src={preview.url} alt={preview.material.fileName} style={{ maxWidth: '100%' }} />
        ) : (
          <iframe title={preview.material.fileName} src={preview.url} sandbox="" style={{ width: '100%', height: '70vh', border: 0 }} />
        ))}
      </Modal>
    </>
  );
}
