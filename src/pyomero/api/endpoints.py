"""Every URL of the JSON API, as data: the one place its surface is declared.

Each :class:`Endpoint` has OMERO's URL name, its Django route under ``/api/``,
its view (whose methods it takes), its query parameters and the shape of its
answer (a TypedDict of ``schema.py``). ``urls.py`` and the OpenAPI document
(``openapi.py``) are built from this table. ``extension=True`` marks pyomero's additions;
everything else is OMERO.web's JSON API, path for path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyomero.api import body as b
from pyomero.api import schema as s
from pyomero.api.params import NORMALIZE, Param
from pyomero.api.respond import View
from pyomero.api.views import (
    annotations,
    datasets,
    experimentergroups,
    experimenters,
    images,
    login,
    openapi,
    plateacquisitions,
    plates,
    projects,
    rendering,
    rois,
    root,
    save,
    screens,
    shapes,
    wells,
    zarr,
)
from pyomero.api.views.base import Resource


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    view: View
    summary: str
    response: Any
    params: tuple[Param, ...] = ()
    extension: bool = False
    body: Any = None  # the TypedDict of a POST or PUT body
    form: bool = False  # the body may also be form fields
    upload: Any = None  # the TypedDict of a multipart/form-data body, if one is taken
    # method -> {status: shape} where an answer is not ``200`` with ``response``
    responses: Mapping[str, Mapping[int, Any]] = field(default_factory=dict)

    def answers(self, method: str) -> Mapping[int, Any]:
        """The statuses of a successful ``method``, each with the shape it answers."""
        return self.responses.get(method, {200: self.response})

    @property
    def path(self) -> str:
        """The URL path as documented: ``/api/v0/m/projects/{object_id}/``."""
        path = self.route.replace("<apiversion:api_version>", "0")
        return "/api/" + re.sub(r"<\w+:(\w+)>", r"{\1}", path)

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods the view takes (HEAD aside)."""
        return tuple(sorted(m for m in self.view.api_methods if m != "HEAD"))  # type: ignore[attr-defined]


V = "v<apiversion:api_version>/"
M = f"{V}m/"
ID = "<oid:object_id>"


def listing(name: str, route: str, view: View, resource: Resource, response: Any) -> Endpoint:
    what = f"{resource.omero_type} objects"
    params = resource.list_params()
    page = s.NormalizedListPage if NORMALIZE in params else s.ListPage
    return Endpoint(name, route, view, f"List {what}.", page[response], params)


def one(name: str, route: str, view: View, resource: Resource, response: Any) -> Endpoint:
    verbs = "Get or delete" if resource.deletable else "Get"
    return Endpoint(name, route, view, f"{verbs} one {resource.omero_type}.", s.One[response])


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("api_versions", "", root.api_versions, "Versions of the API.", s.VersionsJson),
    Endpoint("api_base", V, root.api_base, "Starting URLs of one version.", s.BaseJson),
    Endpoint("api_token", f"{V}token/", root.api_token, "The CSRF token.", s.TokenJson),
    Endpoint("api_servers", f"{V}servers/", root.api_servers, "The server.", s.ServersJson),
    Endpoint(
        "api_login", f"{V}login/", login.login, "Sign in.", s.LoginJson, body=b.LoginBody, form=True
    ),
    Endpoint("api_logout", f"{V}logout/", login.logout, "Sign out.", s.LogoutJson, extension=True),
    Endpoint(
        "api_openapi",
        f"{V}openapi.json",
        openapi.openapi,
        "This API's OpenAPI 3.1 document.",
        s.Json,
        extension=True,
    ),
    Endpoint(
        "api_save",
        f"{M}save/",
        save.save,
        "Create or replace a container.",
        s.One[s.NamedJson],
        body=b.SaveBody,
        responses={"POST": {201: s.One[s.NamedJson]}},
    ),
    # Projects, datasets, images
    listing("api_projects", f"{M}projects/", projects.projects, projects.PROJECTS, s.ProjectJson),
    one("api_project", f"{M}projects/{ID}/", projects.project, projects.PROJECTS, s.ProjectJson),
    listing(
        "api_dataset_projects",
        f"{M}datasets/<oid:dataset_id>/projects/",
        projects.projects,
        projects.PROJECTS,
        s.ProjectJson,
    ),
    listing("api_datasets", f"{M}datasets/", datasets.datasets, datasets.DATASETS, s.DatasetJson),
    one("api_dataset", f"{M}datasets/{ID}/", datasets.dataset, datasets.DATASETS, s.DatasetJson),
    listing(
        "api_project_datasets",
        f"{M}projects/<oid:project_id>/datasets/",
        datasets.datasets,
        datasets.DATASETS,
        s.DatasetJson,
    ),
    listing(
        "api_image_datasets",
        f"{M}images/<oid:image_id>/datasets/",
        datasets.datasets,
        datasets.DATASETS,
        s.DatasetJson,
    ),
    listing("api_images", f"{M}images/", images.images, images.IMAGES, s.ImageJson),
    one("api_image", f"{M}images/{ID}/", images.image, images.IMAGES, s.ImageJson),
    listing(
        "api_dataset_images",
        f"{M}datasets/<oid:dataset_id>/images/",
        images.images,
        images.IMAGES,
        s.ImageJson,
    ),
    # Screens, plates, runs, wells
    listing("api_screens", f"{M}screens/", screens.screens, screens.SCREENS, s.ScreenJson),
    one("api_screen", f"{M}screens/{ID}/", screens.screen, screens.SCREENS, s.ScreenJson),
    listing(
        "api_plate_screens",
        f"{M}plates/<oid:plate_id>/screens/",
        screens.screens,
        screens.SCREENS,
        s.ScreenJson,
    ),
    listing("api_plates", f"{M}plates/", plates.plates, plates.PLATES, s.PlateJson),
    one("api_plate", f"{M}plates/{ID}/", plates.plate, plates.PLATES, s.PlateJson),
    listing(
        "api_screen_plates",
        f"{M}screens/<oid:screen_id>/plates/",
        plates.plates,
        plates.PLATES,
        s.PlateJson,
    ),
    listing(
        "api_well_plates",
        f"{M}wells/<oid:well_id>/plates/",
        plates.plates,
        plates.PLATES,
        s.PlateJson,
    ),
    listing(
        "api_plate_plateacquisitions",
        f"{M}plates/<oid:plate_id>/plateacquisitions/",
        plateacquisitions.plate_acquisitions,
        plateacquisitions.PLATE_ACQUISITIONS,
        s.PlateAcquisitionJson,
    ),
    one(
        "api_plateacquisition",
        f"{M}plateacquisitions/{ID}/",
        plateacquisitions.plate_acquisition,
        plateacquisitions.PLATE_ACQUISITIONS,
        s.PlateAcquisitionJson,
    ),
    listing("api_wells", f"{M}wells/", wells.wells, wells.WELLS, s.WellJson),
    one("api_well", f"{M}wells/{ID}/", wells.well, wells.WELLS, s.WellJson),
    listing(
        "api_plate_wells",
        f"{M}plates/<oid:plate_id>/wells/",
        wells.wells,
        wells.WELLS,
        s.WellJson,
    ),
    listing(
        "api_plateacquisition_wells",
        f"{M}plateacquisitions/<oid:plateacquisition_id>/wells/",
        wells.wells,
        wells.WELLS,
        s.WellJson,
    ),
    listing(
        "api_plate_wellsampleindex_wells",
        f"{M}plates/<oid:plate_id>/wellsampleindex/<oid:index>/wells/",
        wells.wells,
        wells.WELLS,
        s.WellJson,
    ),
    listing(
        "api_plateacquisition_wellsampleindex_wells",
        f"{M}plateacquisitions/<oid:plateacquisition_id>/wellsampleindex/<oid:index>/wells/",
        wells.wells,
        wells.WELLS,
        s.WellJson,
    ),
    # ROIs and shapes
    listing("api_rois", f"{M}rois/", rois.rois, rois.ROIS, s.RoiJson),
    one("api_roi", f"{M}rois/{ID}/", rois.roi, rois.ROIS, s.RoiJson),
    listing("api_image_rois", f"{M}images/<oid:image_id>/rois/", rois.rois, rois.ROIS, s.RoiJson),
    one("api_shape", f"{M}shapes/{ID}/", shapes.shape, shapes.SHAPES, s.ShapeJson),
    # Experimenters and groups
    listing(
        "api_experimenters",
        f"{M}experimenters/",
        experimenters.experimenters,
        experimenters.EXPERIMENTERS,
        s.ExperimenterJson,
    ),
    one(
        "api_experimenter",
        f"{M}experimenters/{ID}/",
        experimenters.experimenter,
        experimenters.EXPERIMENTERS,
        s.ExperimenterJson,
    ),
    listing(
        "api_experimentergroup_experimenters",
        f"{M}experimentergroups/<oid:experimentergroup_id>/experimenters/",
        experimenters.experimenters,
        experimenters.EXPERIMENTERS,
        s.ExperimenterJson,
    ),
    listing(
        "api_experimentergroups",
        f"{M}experimentergroups/",
        experimentergroups.experimenter_groups,
        experimentergroups.EXPERIMENTER_GROUPS,
        s.ExperimenterGroupJson,
    ),
    one(
        "api_experimentergroup",
        f"{M}experimentergroups/{ID}/",
        experimentergroups.experimenter_group,
        experimentergroups.EXPERIMENTER_GROUPS,
        s.ExperimenterGroupJson,
    ),
    listing(
        "api_experimenter_experimentergroups",
        f"{M}experimenters/<oid:experimenter_id>/experimentergroups/",
        experimentergroups.experimenter_groups,
        experimentergroups.EXPERIMENTER_GROUPS,
        s.ExperimenterGroupJson,
    ),
    # pyomero's extension: rendering settings
    Endpoint(
        "api_image_rendering",
        f"{M}images/{ID}/rendering/",
        rendering.rendering,
        "Get or change the user's rendering settings of an image.",
        s.One[s.RenderingJson],
        extension=True,
        body=b.RenderingBody,
    ),
    # pyomero's extension: the pixels as OME-Zarr
    Endpoint(
        "api_image_zarr",
        f"{M}images/{ID}/zarr/<zarrkey:key>",
        zarr.zarr,
        "A key of the image's OME-Zarr store (NGFF 0.4, zarr v2): metadata or a chunk.",
        bytes,
        extension=True,
        responses={"GET": {200: bytes, 503: s.MessageJson}},
    ),
    Endpoint(
        "api_image_zarr_link",
        f"{M}images/{ID}/zarr_link/",
        zarr.zarr_link,
        "A URL of the image's OME-Zarr store that carries its own credential (24 h).",
        s.ZarrLinkJson,
        extension=True,
    ),
    Endpoint(
        "api_zarr_link_store",
        f"{V}zarr/<zarrtoken:token>/<zarrkey:key>",
        zarr.zarr_link_store,
        "A key of an image's OME-Zarr store, read as the user of the zarr link.",
        bytes,
        extension=True,
        responses={"GET": {200: bytes, 503: s.MessageJson}},
    ),
    # pyomero's extension: annotations
    Endpoint(
        "api_annotations",
        f"{M}annotations/",
        annotations.annotations,
        "List the annotations the user sees.",
        s.ListPage[s.AnnotationJson],
        annotations.LIST_PARAMS,
        extension=True,
    ),
    Endpoint(
        "api_annotation",
        f"{M}annotations/{ID}/",
        annotations.annotation,
        "Get, edit (map annotations) or delete one annotation.",
        s.One[s.AnnotationJson],
        extension=True,
        body=b.MapValuesBody,
    ),
    Endpoint(
        "api_annotation_file",
        f"{M}annotations/{ID}/file/",
        annotations.annotation_file,
        "Download the file of a file annotation.",
        bytes,
        extension=True,
    ),
    Endpoint(
        "api_object_annotations",
        f"{M}<annotatable:object_type>/{ID}/annotations/",
        annotations.object_annotations,
        "List the annotations on an object, or add one (or upload a file to attach).",
        s.ListPage[s.AnnotationJson],
        annotations.LINK_PARAMS,
        extension=True,
        body=b.AnnotationBody,
        upload=b.FileUploadBody,
        # 200 {"data": null}: a rating of 0 removed the user's rating
        responses={"POST": {201: s.One[s.AnnotationJson], 200: s.One[None]}},
    ),
    Endpoint(
        "api_object_annotation",
        f"{M}<annotatable:object_type>/{ID}/annotations/<oid:annotation_id>/",
        annotations.object_annotation,
        "Take an annotation off an object.",
        s.One[s.AnnotationJson],
        extension=True,
    ),
)
