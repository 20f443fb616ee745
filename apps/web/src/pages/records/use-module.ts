// The CRM module of the current route (`/:module/…`, restricted to the three modules by the router).
import { useParams } from "@solidjs/router"
import { isModuleName, type ModuleName } from "../../api/types"

export function useModule(): () => ModuleName {
  const params = useParams()
  return () => {
    const module = params.module
    if (!isModuleName(module)) throw new Error(`not a CRM module: ${String(module)}`)
    return module
  }
}
