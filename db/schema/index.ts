export * from "./workspaces";
export * from "./api-keys";
export * from "./end-users";
export * from "./request-logs";
