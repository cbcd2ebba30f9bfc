export interface EndpointDocProps {
  id: string;
  method: string;
  path: string;
  summary: string;
  params?: { name: string; type: string; required?: boolean; description: string }[];
  request?: string;
  response: string;
  errors?: { status: number; code: string; when: string }[];
}

export function EndpointDoc(p: EndpointDocProps) {
  return (
    <section id={p.id} aria-labelledby={`${p.id}-title`} className="scroll-mt-20 border-t border-slate-200 py-10">
      <h2 id={`${p.id}-title`} className="flex items-center gap-3 text-xl font-semibold">
        <span className="rounded bg-brand-100 px-2 py-0.5 font-mono text-sm text-brand-700">{p.method}</span>
        <code className="font-mono">{p.path}</code>
      </h2>
      <p className="mt-3 text-slate-600">{p.summary}</p>
      {p.params && (
        <table className="mt-5 w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Field</th>
              <th className="py-1 pr-4 font-medium">Type</th>
              <th className="py-1 font-medium">Description</th>
            </tr>
          </thead>
          <tbody>
            {p.params.map((f) => (
              <tr key={f.name} className="border-t border-slate-100 align-top">
                <td className="py-2 pr-4 font-mono">
                  {f.name}
                  {f.required && <span className="ml-1 text-xs text-rose-600">required</span>}
                </td>
                <td className="py-2 pr-4 font-mono text-slate-500">{f.type}</td>
                <td className="py-2 text-slate-700">{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="mt-5 grid gap-4 lg:grid-cols-2">
        {p.request && (
          <div>
            <h3 className="text-sm font-medium text-slate-500">Request</h3>
            <pre className="mt-1 overflow-x-auto rounded-md bg-slate-950 p-4 text-xs text-slate-100">
              <code>{p.request}</code>
            </pre>
          </div>
        )}
        <div>
          <h3 className="text-sm font-medium text-slate-500">Response</h3>
          <pre className="mt-1 overflow-x-auto rounded-md bg-slate-950 p-4 text-xs text-slate-100">
            <code>{p.response}</code>
          </pre>
        </div>
      </div>
      {p.errors && (
        <ul className="mt-4 space-y-1 text-sm text-slate-600">
          {p.errors.map((e) => (
            <li key={e.code}>
              <span className="font-mono">{e.status}</span> <span className="font-mono text-slate-900">{e.code}</span> — {e.when}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
