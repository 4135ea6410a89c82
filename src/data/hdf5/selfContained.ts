// A dataset file must hold its own data. HDF5 lets a file borrow data from elsewhere: an external
// link (a name in this file that resolves to an object in another file), a virtual dataset (one
// assembled from datasets of other files) and external storage (a dataset whose bytes sit in raw
// files named in its creation properties). A dataset handed over by someone else could so make the
// reader show or train on any file the user can read. External links and virtual datasets are found
// here by name before anything is read; external storage is not visible through h5wasm's API, and
// is stopped when read by the confinement of h5Library.ts (no other file can be opened).
import { DatasetFileError } from "./datasetFileError.js";
import type { OpenHdf5 } from "./openHdf5.js";

interface ExternalLinkValue {
  filename?: string;
  obj_path?: string;
}

/** Throws one DatasetFileError sentence when the file has an external link or a virtual dataset. */
export function refuseForeignData(f: OpenHdf5): void {
  const { module } = f.h5;
  const id = f.file.file_id;
  // Visiting the links does not follow external ones (HDF5's H5Lvisit), and get_external_link only
  // reads the link's value, so nothing here opens another file.
  const names = module.get_names(id, "/", true);
  for (const name of names) {
    const link = module.get_external_link(id, `/${name}`) as ExternalLinkValue;
    if (link.filename !== undefined)
      throw new DatasetFileError(
        f.path,
        `'${name}' is an external link to '${link.obj_path}' in ${link.filename}; only self-contained files are read`,
      );
  }
  for (const name of names) {
    if (module.get_type(id, `/${name}`) !== module.H5G_DATASET) continue;
    const sources = module.get_dataset_metadata(id, `/${name}`).virtual_sources ?? [];
    if (sources.length > 0)
      throw new DatasetFileError(
        f.path,
        `'${name}' is a virtual dataset made of '${sources[0].dset_name}' in ${sources[0].file_name}; only self-contained files are read`,
      );
  }
}
