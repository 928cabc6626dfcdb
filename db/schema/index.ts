export * from "./orgs";
export * from "./users";
export * from "./audit";
export * from "./api-keys";
export * from "./datasets";
export * from "./models";
export * from "./runs";
export * from "./clues";
