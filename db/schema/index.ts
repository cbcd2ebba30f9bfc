export * from "./workspaces";
export * from "./api-keys";
export * from "./end-users";
export * from "./request-logs";
export * from "./ingest";
export * from "./retrieval";
export * from "./portal";
export * from "./profile";
