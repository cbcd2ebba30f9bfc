import { routeHandlers } from "@/server/http/operation-route";

export const { GET, POST, PUT, PATCH, DELETE } = routeHandlers("/memories");
