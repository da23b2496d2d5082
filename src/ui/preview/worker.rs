//! The print preview's layout, off the frame: a thread that lays out the latest declaration it
//! was sent and hands back the pages, each result tagged with the request's number.
//!
//! Laying out one of the bundled examples takes 0.1–0.5 ms, but a form with a goal of several
//! thousand characters takes several milliseconds (8,000 characters: about 3 ms on the
//! development machine, more on an older office PC), which would stall typing. So the window
//! does not lay out on the frame (unless the system refuses it a thread): it sends the
//! document when it changes and paints the last pages it got until newer ones arrive. Requests
//! queued while a layout runs are skipped for the newest one, and a result older than the
//! pages shown is dropped (`Preview::accept`).

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use eframe::egui;

use super::paint::{RunText, page_texts};
use crate::layout::{LaidOutForm, LayoutOptions, layout_declaration};
use crate::model::Declaration;

/// One layout to do: the document as it is now, with the print options, and the scale its
/// text is prepared for.
struct Request {
    generation: u64,
    declaration: Declaration,
    options: LayoutOptions,
    scale: f32,
}

/// Pages laid out for the request with this `generation` (requests are numbered from 1 up).
#[derive(Debug)]
pub struct Laid {
    /// The request's number.
    pub generation: u64,
    /// The pages and what looks wrong in them.
    pub form: LaidOutForm,
    /// The text of each page ready for egui ([`page_texts`]), and the scale (points per mm)
    /// it is for; `None` when not prepared.
    pub texts: Option<(f32, Vec<Vec<RunText>>)>,
}

/// The layout thread, seen from the window. Dropping it ends the thread after its current
/// layout (it is never waited for).
pub struct LayoutWorker {
    requests: Sender<Request>,
    results: Receiver<Laid>,
}

impl LayoutWorker {
    /// Starts the thread; it asks `ctx` to repaint whenever pages are ready. `None` when the
    /// system refuses a thread (the caller then lays out on the frame).
    pub fn spawn(ctx: &egui::Context) -> Option<Self> {
        let (request_tx, request_rx) = mpsc::channel::<Request>();
        let (result_tx, result_rx) = mpsc::channel::<Laid>();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("jixiao-preview".to_owned())
            .spawn(move || run(&request_rx, &result_tx, &ctx))
            .ok()?;
        Some(Self {
            requests: request_tx,
            results: result_rx,
        })
    }

    /// Asks for `declaration` laid out with `options`, numbered `generation`, its text
    /// prepared at `scale` points per mm. Returns `false` when the thread is gone.
    pub fn request(
        &self,
        generation: u64,
        declaration: Declaration,
        options: LayoutOptions,
        scale: f32,
    ) -> bool {
        self.requests
            .send(Request {
                generation,
                declaration,
                options,
                scale,
            })
            .is_ok()
    }

    /// Every result that arrived since the last call, oldest first; `None` when the thread is
    /// gone and nothing is left.
    pub fn arrived(&self) -> Option<Vec<Laid>> {
        let mut arrived = Vec::new();
        loop {
            match self.results.try_recv() {
                Ok(laid) => arrived.push(laid),
                Err(TryRecvError::Empty) => return Some(arrived),
                Err(TryRecvError::Disconnected) => {
                    return (!arrived.is_empty()).then_some(arrived);
                }
            }
        }
    }
}

/// The thread: waits for a request, skips to the newest one queued, lays it out and prepares
/// its text, sends it back and wakes the window. Ends when the window drops its side of either
/// channel.
fn run(requests: &Receiver<Request>, results: &Sender<Laid>, ctx: &egui::Context) {
    while let Ok(mut request) = requests.recv() {
        while let Ok(newer) = requests.try_recv() {
            request = newer;
        }
        let form = layout_declaration(&request.declaration, 0, request.options);
        let texts = form
            .pages
            .iter()
            .map(|page| page_texts(page, request.scale))
            .collect();
        let laid = Laid {
            generation: request.generation,
            form,
            texts: Some((request.scale, texts)),
        };
        if results.send(laid).is_err() {
            return;
        }
        ctx.request_repaint();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for(worker: &LayoutWorker, generation: u64) -> Vec<Laid> {
        let mut all = Vec::new();
        for _ in 0..2000 {
            all.extend(worker.arrived().unwrap());
            if all.iter().any(|laid| laid.generation == generation) {
                return all;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("no layout for request {generation}");
    }

    #[test]
    fn the_worker_answers_in_order_and_the_newest_request_last() {
        let ctx = egui::Context::default();
        let worker = LayoutWorker::spawn(&ctx).unwrap();
        let example = crate::ui::initial_declaration();
        let mut long = example.clone();
        long.annual_goal = "加强党员教育管理，提高组织建设水平。".repeat(400);

        // Many requests at once (the worker may skip some): the newest is laid out, last,
        // and nothing comes back out of order.
        for generation in 1..=20 {
            let declaration = if generation % 2 == 0 {
                long.clone()
            } else {
                example.clone()
            };
            assert!(worker.request(generation, declaration, LayoutOptions::default(), 2.0));
        }
        let arrived = wait_for(&worker, 20);
        let generations: Vec<u64> = arrived.iter().map(|laid| laid.generation).collect();
        assert!(generations.windows(2).all(|pair| pair[0] < pair[1]));
        let last = arrived.last().unwrap();
        let expected = layout_declaration(&long, 0, LayoutOptions::default());
        assert_eq!(last.form, expected);
        assert!(last.form.pages.len() > 1);
        let (scale, texts) = last.texts.as_ref().unwrap();
        assert_eq!(*scale, 2.0);
        assert_eq!(texts.len(), expected.pages.len());
    }

    #[test]
    fn the_worker_ends_when_the_window_lets_go() {
        let ctx = egui::Context::default();
        let worker = LayoutWorker::spawn(&ctx).unwrap();
        let LayoutWorker { requests, results } = worker;
        drop(results);
        // The thread ends at its next result; the window's sends then fail.
        let _ = requests.send(Request {
            generation: 1,
            declaration: crate::ui::initial_declaration(),
            options: LayoutOptions::default(),
            scale: 1.0,
        });
        let mut gone = false;
        for _ in 0..2000 {
            if requests
                .send(Request {
                    generation: 2,
                    declaration: Declaration::new_current(2026),
                    options: LayoutOptions::default(),
                    scale: 1.0,
                })
                .is_err()
            {
                gone = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(gone);
    }
}
