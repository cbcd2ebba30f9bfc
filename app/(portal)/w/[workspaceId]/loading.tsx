import { LoadingRows, Skeleton } from "@/components/ui/states";

export default function WorkspaceLoading() {
  return (
    <div>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-3 h-4 w-96 max-w-full" />
      <div className="mt-8 rounded-lg border border-slate-200 bg-white">
        <LoadingRows rows={6} label="Loading the page" />
      </div>
    </div>
  );
}
