// Field type names, as the catalog shows them (a plain copy for the client bundle would be a second
// list: this re-exports the one in lib/datasets/definition, which is client-safe data).
export { FIELD_TYPE_LABELS } from "@/lib/datasets/definition";
