//! A local fake of the PortOne V1 REST API (work in progress).
